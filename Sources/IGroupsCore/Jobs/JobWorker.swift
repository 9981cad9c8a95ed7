import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Runs the queue inside a process until the application shuts down.
package struct JobWorker: LifecycleHandler {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// How often the worker looks for due jobs and schedules when nothing wakes it.
    let pollInterval: Duration

    package init(pollInterval: Duration = .seconds(2)) {
        self.pollInterval = pollInterval
    }

    package func didBootAsync(_ app: Application) async throws {
        let queue = app.jobQueue
        let interval = pollInterval
        let running = Task {
            app.logger.info("job worker started", metadata: ["worker": .string(queue.workerName)])
            while !Task.isCancelled {
                do {
                    try await queue.runPending(app: app)
                } catch {
                    app.logger.error("job worker could not read the queue", metadata: ["error": .string(String(describing: error))])
                }
                // Wait out the poll interval in short steps, and go at once when this process enqueued a job.
                var waited: Duration = .zero
                while waited < interval, !queue.takeWakeUp(), !Task.isCancelled {
                    try? await Task.sleep(for: Self.step)
                    waited += Self.step
                }
            }
        }
        task.withLockedValue { $0 = running }
    }

    static let step: Duration = .milliseconds(100)

    package func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { $0 }
        running?.cancel()
        await running?.value
    }
}

extension Application {
    private struct JobQueueKey: StorageKey { typealias Value = JobQueue }

    /// The job queue of this application.
    package var jobQueue: JobQueue {
        if let queue = storage[JobQueueKey.self] { return queue }
        let queue = JobQueue()
        storage[JobQueueKey.self] = queue
        return queue
    }
}
