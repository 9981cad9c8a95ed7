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
