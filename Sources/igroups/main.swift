import IGroups
import NIOCore
import NIOPosix

// Swift concurrency runs its tasks on NIO's event loops, the threads that serve the connections, so an
// await that resumes after a query wakes no thread of another pool: a forum thread page went from about
// 2,300 to 2,700 requests/s on two cores (docs/BENCHMARKS.md). A task that blocked would now hold up its
// event loop's connections, as it held up one of the few cooperative threads before: blocking work
// (SQLite, files, child processes) goes to the thread pool.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await IGroupsMain.run()
