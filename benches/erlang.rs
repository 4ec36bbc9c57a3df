//! Times `staffing::agents_for` (Erlang C) and `staffing::agents_for_with_patience` (Erlang A,
//! mean patience 120 s) at 10, 100, 1,000 and 2,000 Erlangs: AHT 300 s, 30-minute intervals,
//! 80/20, no occupancy cap. The issue asks for 2,000 Erlangs in well under 10 ms; the table shows
//! how far under. Run with `cargo bench --bench erlang` (a plain `fn main`, no harness).

use exposure::staffing::{agents_for, agents_for_with_patience, LiveQueue, ServiceTarget};
use std::hint::black_box;
use std::time::{Duration, Instant};

const AHT_SECONDS: f64 = 300.0;
const INTERVAL_SECONDS: f64 = 1800.0;
const PATIENCE_SECONDS: f64 = 120.0;
const LOADS: [f64; 4] = [10.0, 100.0, 1_000.0, 2_000.0];

fn main() {
    let target = ServiceTarget::parse("80/20").expect("80/20 is a valid target");
    println!("agents_for at 80/20, AHT {AHT_SECONDS} s, {INTERVAL_SECONDS} s intervals");
    println!(
        "{:>8} {:>10} | {:>7} {:>7} {:>11} | {:>7} {:>7} {:>7} {:>11}",
        "Erlangs", "arrivals", "C: n", "SL", "per call", "A: n", "SL", "abandon", "per call"
    );
    for load in LOADS {
        let arrivals = load * INTERVAL_SECONDS / AHT_SECONDS;
        let queue = LiveQueue::new(arrivals, INTERVAL_SECONDS, AHT_SECONDS).expect("valid queue");
        let c = agents_for(&queue, &target, 1.0).expect("Erlang C staffing");
        let c_time = time_per_call(|| agents_for(black_box(&queue), black_box(&target), 1.0));
        let a = agents_for_with_patience(&queue, &target, 1.0, PATIENCE_SECONDS)
            .expect("Erlang A staffing");
        let a_time = time_per_call(|| {
            agents_for_with_patience(black_box(&queue), black_box(&target), 1.0, PATIENCE_SECONDS)
        });
        println!(
            "{load:>8} {arrivals:>10} | {:>7} {:>6.1}% {:>11} | {:>7} {:>6.1}% {:>6.1}% {:>11}",
            c.agents,
            c.service_level * 100.0,
            show(c_time),
            a.agents,
            a.service_level * 100.0,
            a.prob_abandon * 100.0,
            show(a_time),
        );
    }
}

/// Mean time per call of the fastest of five batches, each batch repeating `f` long enough
/// (at least 50 ms) that the clock's resolution does not matter; the fastest batch is the one
/// least disturbed by whatever else the machine was doing.
fn time_per_call<T>(mut f: impl FnMut() -> T) -> Duration {
    let batch = |calls: u32, f: &mut dyn FnMut() -> T| {
        let started = Instant::now();
        for _ in 0..calls {
            black_box(f());
        }
        started.elapsed()
    };
    let mut calls = 1;
    while batch(calls, &mut f) < Duration::from_millis(50) {
        calls *= 2;
    }
    let fastest = (0..5)
        .map(|_| batch(calls, &mut f))
        .min()
        .expect("five batches");
    fastest / calls
}

fn show(d: Duration) -> String {
    match d.as_nanos() {
        n if n < 10_000 => format!("{n} ns"),
        n if n < 10_000_000 => format!("{:.1} µs", n as f64 / 1e3),
        n => format!("{:.2} ms", n as f64 / 1e6),
    }
}
