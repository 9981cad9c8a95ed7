// What the S3 store's stall timer adds to each piece of a download: the same race as
// `S3FileStore.ResponseBody.next(of:within:)` (the wait for the piece against a 30 s sleep in a
// task group, the loser cancelled) against the bare wait, for 200,000 pieces of 16 KB from an actor
// that yields once per piece, as a wait for the network does.
//
//     swiftc -O -swift-version 6 script/bench-stall-timer.swift -o /tmp/bench-stall-timer
//     /usr/bin/time -f "%U s user, %S s system" /tmp/bench-stall-timer timed   # and: … bare

import Foundation

enum Stalled: Error { case stalled }

actor Pieces {
    let piece = [UInt8](repeating: 1, count: 16 * 1024)
    var left: Int

    init(_ count: Int) { left = count }

    func next() async throws -> [UInt8]? {
        guard left > 0 else { return nil }
        left -= 1
        await Task.yield()
        return piece
    }

    nonisolated func next(within limit: Duration) async throws -> [UInt8]? {
        try await withThrowingTaskGroup(of: [UInt8]?.self) { race in
            race.addTask { try await self.next() }
            race.addTask {
                try await Task.sleep(for: limit)
                throw Stalled.stalled
            }
            defer { race.cancelAll() }
            return try await race.next() ?? nil
        }
    }
}

func microseconds(_ duration: Duration, per count: Int) -> String {
    let total = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    return String(format: "%.2f µs", total / Double(count))
}

let count = 200_000
let clock = ContinuousClock()
// One way per run (`bare` or `timed`), so the process's CPU time (`/usr/bin/time`) is that way's alone.
let ways = CommandLine.arguments.count > 1 ? [CommandLine.arguments[1]] : ["bare", "timed"]
for way in ways {
    let pieces = Pieces(count)
    let elapsed = try await clock.measure {
        if way == "timed" {
            while try await pieces.next(within: .seconds(30)) != nil {}
        } else {
            while try await pieces.next() != nil {}
        }
    }
    print("\(way): \(microseconds(elapsed, per: count)) per piece")
}
