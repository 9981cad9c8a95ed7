import Logging
import NIOConcurrencyHelpers
import Vapor

/// Counts the SQL statements each request runs and reports them in an `X-Query-Count` header.
/// Both database drivers log every statement through the request's logger ("Executing query"),
/// so the count covers Fluent and SQLKit alike.
struct QueryCountingMiddleware: AsyncMiddleware {
    static let header = "X-Query-Count"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let counter = NIOLockedValueBox(0)
        let inner = request.logger.handler
        var logger = request.logger
        logger.handler = CountingLogHandler(inner: inner, counter: counter)
        request.logger = logger
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: Self.header, value: String(counter.withLockedValue { $0 }))
        return response
    }
}

/// Passes log messages on as before, and counts the statements the drivers log at any level.
struct CountingLogHandler: LogHandler {
    var inner: any LogHandler
    let counter: NIOLockedValueBox<Int>

    /// Everything reaches this handler; only what the inner handler wants goes on.
    var logLevel: Logger.Level {
        get { .trace }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        if event.message.description == "Executing query" { counter.withLockedValue { $0 += 1 } }
        if event.level >= inner.logLevel { inner.log(event: event) }
    }
}
