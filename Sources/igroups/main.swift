import CSystemCalls
import IGroups
import NIOCore
import NIOPosix

// Swift concurrency runs its tasks on NIO's event loops, the threads that serve the connections, so an
// await that resumes after a query wakes no thread of another pool: a forum thread page went from about
// 2,300 to 2,700 requests/s on two cores (docs/BENCHMARKS.md). A task that blocked would now hold up its
// event loop's connections, as it held up one of the few cooperative threads before: blocking work
// (SQLite, opening files and reading what is not in the page cache, child processes) goes to the thread pool.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
// Downloads read files in pieces of 1 MiB. By default glibc hands such memory back to the system as soon
// as a few pieces are freed, and the next download takes a page fault for every 4 KiB of its piece (a
// tenth of the server's CPU on 1 MB range requests, docs/BENCHMARKS.md). Each heap keeps up to 32 MiB
// of freed memory instead; blocks of 4 MiB and more are still mapped and returned on their own.
igroups_keep_freed_memory(32 << 20, 4 << 20)
await IGroupsMain.run()
