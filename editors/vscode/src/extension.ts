// Starts `maal lsp` for .maal files and shows a goal's explanation when its
// "Evaluér" lens is clicked.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

function settings(): { command: string; options: Record<string, string> } {
  const config = vscode.workspace.getConfiguration("maal");
  const lang = config.get<string>("lang") || (vscode.env.language.startsWith("en") ? "en" : "da");
  return {
    command: config.get<string>("server.path") || "maal",
    options: { lang, facts: config.get<string>("facts") ?? "" },
  };
}

async function start(): Promise<void> {
  const { command, options } = settings();
  const server: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "maal" }, { scheme: "untitled", language: "maal" }],
    initializationOptions: options,
    synchronize: { configurationSection: "maal" },
  };
  client = new LanguageClient("maal", "maal", server, clientOptions);
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(
      `maal: kunne ikke starte \`${command} lsp\` (${String(e)}). Sæt maal.server.path til maal-programmet.`,
    );
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("maal");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("maal.showExplanation", (explanation: string) => {
      output?.clear();
      output?.append(explanation);
      output?.show(true);
    }),
    vscode.commands.registerCommand("maal.restart", async () => {
      await client?.stop();
      await start();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
