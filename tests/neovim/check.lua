-- Run by tests/neovim/run.sh inside `nvim --headless`, with the README's Neovim 0.7–0.9
-- snippet as init.lua. Drives the language server as a person's editor would: open a
-- plan, hover a fact, go to a sub-goal's definition, type a typo and see the diagnostic.
-- Writes one line per finding to $MAAL_NVIM_OUT, then quits.
local out = {}
local function say(line) table.insert(out, line) end
local buf = vim.api.nvim_get_current_buf()

local attached = vim.wait(20000, function() return #vim.lsp.buf_get_clients(buf) > 0 end, 50)
say("attached " .. tostring(attached))
-- The server publishes diagnostics (none for a clean plan) once it has read the file.
vim.wait(1500, function() return false end, 50)
say("diagnostics before " .. #vim.diagnostic.get(buf))

local function request(method, line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
  local answers = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, answer in pairs(answers) do
    if answer.result then return answer.result end
  end
  return nil
end

local hover = request("textDocument/hover", 3, 14)
local text = hover and hover.contents and (hover.contents.value or hover.contents) or ""
say("hover " .. tostring(text):gsub("\n", " "))

local definition = request("textDocument/definition", 5, 11)
if definition and definition[1] then definition = definition[1] end
local range = definition and (definition.range or definition.targetSelectionRange)
say("definition line " .. (range and range.start.line or -1))

-- A typo in a keyword, as typed: the server re-checks on the change.
vim.api.nvim_buf_set_lines(buf, 2, 3, false, { "  frsit ultimo 2026;" })
local seen = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  say("diagnostic line " .. d.lnum .. " code " .. tostring(d.code) .. " " .. d.message:gsub("\n", " "))
end
say("diagnostics after " .. tostring(seen))

local file = io.open(os.getenv("MAAL_NVIM_OUT"), "w")
file:write(table.concat(out, "\n") .. "\n")
file:close()
vim.cmd("qa!")
