//! The hot path allocates nothing: once an `Outcome` has grown to a plan's
//! size, evaluating again (and changing facts by slot) makes no allocation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use maal::eval::Outcome;
use maal::{Facts, Plan};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

#[test]
fn evaluating_a_bound_plan_allocates_nothing() {
    let root = env!("CARGO_MANIFEST_DIR");
    let ten = (1..=10).map(|i| format!("x{i} >= 10")).collect::<Vec<_>>().join(", ");
    let plans = [
        (
            Plan::from_file(std::path::Path::new(&format!("{root}/rules/cpr-2026.maal")), &Default::default()).unwrap(),
            std::fs::read_to_string(format!("{root}/examples/facts/cpr-2026-år.toml")).unwrap(),
        ),
        (
            Plan::from_file(std::path::Path::new(&format!("{root}/rules/digst-2024.maal")), &Default::default())
                .unwrap(),
            std::fs::read_to_string(format!("{root}/examples/facts/digst-2024-år.toml")).unwrap(),
        ),
        (
            Plan::compile("ten.maal", &format!("plan \"x\" {{ periode 2026 }}\nmål 1: any({ten});")).unwrap(),
            (1..=10).map(|i| format!("x{i} = {}\n", if i == 10 { 12 } else { 5 })).collect(),
        ),
    ];
    for (plan, facts) in &plans {
        let mut bound = plan.bind(&Facts::from_toml(facts).unwrap()).unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let mut out = Outcome::default();
        plan.outcome_into(&bound, as_of, &mut out); // grows the outcome once
        let first = out.clone();
        let slot = plan.slot(&plan.required_facts()[0].name, None);
        let count = allocations_during(|| {
            for i in 0..1000 {
                if let (Some(slot), true) = (slot, i % 2 == 1) {
                    let value = bound.get(slot);
                    bound.set(slot, value);
                }
                plan.outcome_into(&bound, as_of, &mut out);
            }
        });
        assert_eq!(count, 0, "{}: allocations in 1000 evaluations", plan.title());
        assert_eq!(out, first);
    }
}
