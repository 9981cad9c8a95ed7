import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to reach an SMTP server.
package struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is protected: not at all, upgraded with STARTTLS, or TLS from the start (port 465).
    package enum Security: String, Sendable { case none, starttls, tls }

    package var host: String
    package var port: Int
    package var security: Security
    package var username: String?
    package var password: String?
    package var heloName: String
    package var trustedCertificatePEM: String?
    package var timeout: TimeAmount

    package init(
        host: String, port: Int = 587, security: Security = .starttls, username: String? = nil, password: String? = nil,
        heloName: String = "localhost", trustedCertificatePEM: String? = nil, timeout: TimeAmount = .seconds(30)
    ) {
        (self.host, self.port, self.security, self.username, self.password) = (host, port, security, username, password)
        (self.heloName, self.trustedCertificatePEM, self.timeout) = (heloName, trustedCertificatePEM, timeout)
    }

    package var description: String { "smtp://\(username.map { "\($0):***@" } ?? "")\(host):\(port) (\(security.rawValue))" }
}

/// A failed SMTP exchange: the step (command), and the server's code and reply, or what went wrong locally.
package struct SMTPError: Error, CustomStringConvertible, Sendable {
    package var step: String
    package var code: Int?
    package var reply: String

    package init(step: String, code: Int? = nil, reply: String) { (self.step, self.code, self.reply) = (step, code, reply) }

    package var description: String { "SMTP \(step) failed: " + (code.map { "\($0) " } ?? "") + reply }

    /// Any error as an SMTPError of the given step (unless it already names one).
    static func wrapping(_ error: any Error, step: String) -> SMTPError {
        guard var smtp = error as? SMTPError else { return SMTPError(step: step, reply: "\(error)") }
        if smtp.step.isEmpty { smtp.step = step }
        return smtp
    }
}

/// Sends mail over SMTP, one connection per message.
package struct SMTPTransport: Sendable {
    package let configuration: SMTPConfiguration
    let eventLoopGroup: any EventLoopGroup

    package init(configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
    }

    package func send(_ message: MailMessage) async throws {
        let config = configuration
        let tls: NIOSSLContext?
        do { tls = config.security == .none ? nil : try Self.makeTLSContext(config) } catch { throw SMTPError.wrapping(error, step: "TLS setup") }
        let session = try await connect(implicitTLS: config.security == .tls ? tls : nil)
        do {
            try await session.exchange(nil, as: "greeting")
            var extensions = try await session.hello(config.heloName)
            if config.security == .starttls, let tls {
                guard extensions["STARTTLS"] != nil else {
                    throw SMTPError(step: "STARTTLS", reply: "the server does not offer STARTTLS; refusing to go on in plain text")
                }
                try await session.exchange("STARTTLS", as: "STARTTLS", expect: 220...220)
                try await session.startTLS(tls, serverHostname: Self.sniName(config.host))
                extensions = try await session.hello(config.heloName)
            }
            if let username = config.username, !username.isEmpty {
                try await session.authenticate(username: username, password: config.password ?? "", offered: extensions["AUTH"] ?? [])
            }
            try await session.exchange("MAIL FROM:<\(Self.bare(message.from.email))>", as: "MAIL FROM")
            try await session.exchange("RCPT TO:<\(Self.bare(message.to.email))>", as: "RCPT TO")
            try await session.exchange("DATA", as: "DATA", expect: 354...354)
            try await session.exchange(Self.dotStuffed(message.mime()) + ".", as: "DATA (message)")
            _ = try? await session.exchange("QUIT", as: "QUIT")
        } catch {
            try? await session.channel.close().get()
            throw error
        }
        try? await session.channel.close().get()
    }

    private func connect(implicitTLS: NIOSSLContext?) async throws -> Session {
        let host = configuration.host, port = configuration.port, timeout = configuration.timeout, sni = Self.sniName(host)
        let eventLoop = eventLoopGroup.next()
        // Happy eyeballs may set up a channel per address; each gets its own reader, found again by the channel that won.
        let readers = NIOLoopBoundBox.makeBoxSendingValue([ObjectIdentifier: ReplyReader](), eventLoop: eventLoop)
        do {
            let channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: sni))
                        }
                        let reader = ReplyReader(timeout: timeout)
                        readers.value[ObjectIdentifier(channel)] = reader
                        try channel.pipeline.syncOperations.addHandler(reader)
                    }
                }
                .connect(host: host, port: port).get()
            let reader = try await eventLoop.submit {
                guard let reader = readers.value[ObjectIdentifier(channel)] else { throw ChannelPipelineError.notFound }
                return NIOLoopBound(reader, eventLoop: eventLoop)
            }.get()
            return Session(channel: channel, reader: reader)
        } catch {
            throw SMTPError(step: "connect", reply: "\(host):\(port): \(error)")
        }
    }

    private static func makeTLSContext(_ config: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let pem = config.trustedCertificatePEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// The name for SNI and the certificate check; nil for an IP address, which NIOSSL then checks against the peer's address.
    private static func sniName(_ host: String) -> String? { (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil }

    /// An address without anything that could end the command or its angle brackets.
    private static func bare(_ email: String) -> String { email.filter { !"\r\n<> \t".contains($0) } }

    /// CRLF lines, each ending in CRLF, with a dot doubled at the start of a line (RFC 5321 4.5.2).
    static func dotStuffed(_ text: String) -> String {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { ($0.hasPrefix(".") ? "." + $0 : String($0)) + "\r\n" }.joined()
    }
}

extension SMTPTransport {
    /// One SMTP reply: its code and the text of its lines.
    struct Reply: Sendable { var code: Int; var lines: [String] }

    /// One open connection; the reader is only touched on the channel's event loop.
    fileprivate struct Session: Sendable {
        let channel: any Channel
        let reader: NIOLoopBound<ReplyReader>

        /// Sends a line (when given) and waits for the reply, whose code must be in `expect`.
        @discardableResult
        func exchange(_ line: String?, as step: String, expect: ClosedRange<Int> = 200...299) async throws -> Reply {
            let channel = channel, reader = reader
            let reply = try await channel.eventLoop.flatSubmit {
                let reply = reader.value.nextReply(step: step, on: channel.eventLoop)
                if let line {
                    // A failed write closes the channel too; the reader then reports the first error, such as a TLS failure.
                    channel.writeAndFlush(ByteBuffer(string: line + "\r\n")).whenFailure { reader.value.fail($0) }
                }
                return reply
            }.get()
            guard expect.contains(reply.code) else {
                throw SMTPError(step: step, code: reply.code, reply: reply.lines.joined(separator: " / "))
            }
            return reply
        }

        /// EHLO; returns the offered extensions by upper-cased keyword, with their upper-cased parameters.
        func hello(_ name: String) async throws -> [String: [String]] {
            let name = name.filter { !$0.isWhitespace && !$0.isNewline }
            let reply = try await exchange("EHLO " + (name.isEmpty ? "localhost" : name), as: "EHLO", expect: 250...250)
            var extensions: [String: [String]] = [:]
            for line in reply.lines.dropFirst() {
                // Some old servers write `AUTH=LOGIN PLAIN`.
                let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
                if let keyword = words.first { extensions[keyword, default: []] += words.dropFirst() }
            }
            return extensions
        }

        /// AUTH PLAIN when offered, else AUTH LOGIN; the credentials never go into an error.
        func authenticate(username: String, password: String, offered: [String]) async throws {
            func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
            if offered.contains("PLAIN") {
                try await exchange("AUTH PLAIN " + base64("\0\(username)\0\(password)"), as: "AUTH PLAIN", expect: 235...235)
            } else if offered.contains("LOGIN") {
                try await exchange("AUTH LOGIN", as: "AUTH LOGIN", expect: 334...334)
                try await exchange(base64(username), as: "AUTH LOGIN (username)", expect: 334...334)
                try await exchange(base64(password), as: "AUTH LOGIN (password)", expect: 235...235)
            } else {
                throw SMTPError(step: "AUTH", reply: "the server offers neither AUTH PLAIN nor AUTH LOGIN (offered: \(offered.joined(separator: " ")))")
            }
        }

        /// Puts TLS in front of the reader, once the server has accepted STARTTLS.
        func startTLS(_ context: NIOSSLContext, serverHostname: String?) async throws {
            let channel = channel, reader = reader
            try await channel.eventLoop.submit {
                // Plain-text bytes after the 220 could be injected replies (CVE-2011-0411): refuse them.
                guard !reader.value.hasBufferedInput else {
                    throw SMTPError(step: "STARTTLS", reply: "the server sent data before the TLS handshake")
                }
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
            }.flatMapErrorThrowing { throw SMTPError.wrapping($0, step: "STARTTLS") }.get()
        }
    }

    /// Splits the server's bytes into replies (joining `250-` continuation lines) and hands each to the waiting step.
    final class ReplyReader: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let timeout: TimeAmount
        private var context: ChannelHandlerContext?
        private var bytes = ByteBuffer()
        private var lines: [String] = []
        private var ready: [Result<Reply, any Error>] = []
        private var waiter: (promise: EventLoopPromise<Reply>, timer: Scheduled<Void>, step: String)?
        private var failure: (any Error)?

        init(timeout: TimeAmount) { self.timeout = timeout }

        var hasBufferedInput: Bool { bytes.readableBytes > 0 || !lines.isEmpty || !ready.isEmpty }

        /// The next reply not yet taken, or the one still to come; fails after the configured timeout.
        func nextReply(step: String, on eventLoop: any EventLoop) -> EventLoopFuture<Reply> {
            if !ready.isEmpty { return eventLoop.makeCompletedFuture(ready.removeFirst().mapError { SMTPError.wrapping($0, step: step) }) }
            if let failure { return eventLoop.makeFailedFuture(SMTPError.wrapping(failure, step: step)) }
            guard let context else { return eventLoop.makeFailedFuture(SMTPError(step: step, reply: "the connection is closed")) }
            let promise = eventLoop.makePromise(of: Reply.self)
            let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                fail(SMTPError(step: step, reply: "no reply within \(timeout.nanoseconds / 1_000_000_000) s"))
                context.close(promise: nil)
            }
            waiter = (promise, timer, step)
            return promise.futureResult
        }

        /// Fails the waiting step, and every later one, with the first error seen.
        func fail(_ error: any Error) {
            let first = failure ?? error
            failure = first
            guard let waiter else { return }
            self.waiter = nil
            waiter.timer.cancel()
            waiter.promise.fail(SMTPError.wrapping(first, step: waiter.step))
        }

        func handlerAdded(context: ChannelHandlerContext) { self.context = context }

        func handlerRemoved(context: ChannelHandlerContext) {
            fail(SMTPError(step: "", reply: "the connection is closed"))
            self.context = nil
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            bytes.writeBuffer(&incoming)
            while let newline = bytes.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let line = bytes.readBytes(length: newline - bytes.readerIndex + 1) ?? []
                parse(line.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") })
            }
            bytes.discardReadBytes()
            if bytes.readableBytes > 65_536 {
                fail(SMTPError(step: "", reply: "reply line too long"))
                context.close(promise: nil)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            fail(SMTPError(step: "", reply: "the server closed the connection"))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { fail(error); context.close(promise: nil) }

        /// One line: `250-text` goes on, `250 text` (or a bare `250`) ends the reply.
        private func parse(_ line: ArraySlice<UInt8>) {
            let text = String(decoding: line, as: UTF8.self)
            let separator = line.dropFirst(3).first
            guard line.count >= 3, let code = Int(text.prefix(3)), (100...599).contains(code),
                  separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-")
            else { return deliver(.failure(SMTPError(step: "", reply: "malformed reply line: \(text.prefix(200))"))) }
            lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
            guard separator != UInt8(ascii: "-") else { return }
            deliver(.success(Reply(code: code, lines: lines)))
            lines = []
        }

        private func deliver(_ result: Result<Reply, any Error>) {
            guard let waiter else { return ready.append(result) }
            self.waiter = nil
            waiter.timer.cancel()
            waiter.promise.completeWith(result.mapError { SMTPError.wrapping($0, step: waiter.step) })
        }
    }
}
