import NIOConcurrencyHelpers

/// Values kept in this process by key, forgotten all at once when there are too many or they weigh too
/// much: what was read or drawn from some content, with the content's version in the key or beside the
/// value, so that a kept value is used only while the database still says it is current.
package final class KeptByKey<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var values: [Key: (value: Value, weight: Int)] = [:]
        var weight = 0
    }

    private let state = NIOLockedValueBox(State())
    /// At most this many values.
    package let limit: Int
    /// At most this much weight (bytes, say) over all values.
    package let budget: Int

    package init(limit: Int, budget: Int = .max) {
        self.limit = limit
        self.budget = budget
    }

    package func get(_ key: Key) -> Value? {
        state.withLockedValue { $0.values[key]?.value }
    }

    /// Forgets the values whose keys match.
    package func removeAll(where matches: (Key) -> Bool) {
        state.withLockedValue { state in
            for (key, kept) in state.values where matches(key) {
                state.values.removeValue(forKey: key)
                state.weight -= kept.weight
            }
        }
    }

    /// Keeps a value in place of any under the same key; `weight` counts against the budget.
    package func put(_ key: Key, _ value: Value, weight: Int = 0) {
        guard weight <= budget else { return }
        state.withLockedValue { state in
            if let replaced = state.values.removeValue(forKey: key) { state.weight -= replaced.weight }
            if state.values.count >= limit || state.weight + weight > budget {
                state.values.removeAll(keepingCapacity: true)
                state.weight = 0
            }
            state.values[key] = (value, weight)
            state.weight += weight
        }
    }
}

/// What is kept with the version of the content it was read from.
package protocol Versioned: Sendable {
    var version: Int { get }
}

extension KeptByKey where Value: Versioned {
    /// The value kept under `key` while its version is `version`; otherwise what `read` gives (nil when
    /// the content is gone), kept in its place with its `weight`.
    package func value(_ key: Key, at version: Int, weight: (Value) -> Int = { _ in 0 }, read: () async throws -> Value?) async rethrows -> Value? {
        if let kept = get(key), kept.version == version { return kept }
        guard let fresh = try await read() else { return nil }
        put(key, fresh, weight: weight(fresh))
        return fresh
    }
}
