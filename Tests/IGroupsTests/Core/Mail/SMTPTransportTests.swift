import Foundation
@testable import IGroupsCore
import NIOPosix
import Testing

@Suite("SMTP transport")
struct SMTPTransportTests {
    static let message = MailMessage(
        from: MailAddress(email: "no-reply@example.org", name: "Foreningen Æblegården"),
        to: MailAddress(email: "soeren@example.org", name: "Søren Østergaard"),
        subject: "Bekræft din e-mailadresse – på én gang",
        text: "Hej Søren\n\n.En linje med punktum først.\nÅbn linket: https://example.org/verify/abc",
        html: "<p>Hej Søren</p><p>Åbn linket.</p>"
    )

    func transport(_ server: SMTPTestServer, security: SMTPConfiguration.Security, user: String? = nil, password: String? = nil) -> SMTPTransport {
        SMTPTransport(configuration: SMTPConfiguration(
            host: "localhost", port: server.port, security: security, username: user, password: password,
            heloName: "igroups.test", trustedCertificatePEM: server.certificatePEM, timeout: .seconds(10)
        ), eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    @Test("Plain SMTP delivers both parts with Danish letters intact")
    func plain() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        try await transport(server, security: .none).send(Self.message)
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received[0].mail_from == "no-reply@example.org")
        #expect(received[0].rcpt_tos == ["soeren@example.org"])
        let mail = try SentMail(raw: received[0].raw)
        #expect(mail.subject == "Bekræft din e-mailadresse – på én gang")
        #expect(mail.to.contains("Søren Østergaard"))
        #expect(mail.text.contains("Åbn linket: https://example.org/verify/abc"))
        #expect(mail.text.contains("\n.En linje med punktum først."))
        #expect(mail.html.contains("<p>Åbn linket.</p>"))
    }

    @Test("STARTTLS with AUTH PLAIN, checking the server's certificate")
    func starttlsPlain() async throws {
        let server = try SMTPTestServer(tls: true, auth: "igroups:hemmelig")
        defer { server.stop() }
        try await transport(server, security: .starttls, user: "igroups", password: "hemmelig").send(Self.message)
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.login == "igroups")
    }

    @Test("Implicit TLS with AUTH LOGIN when the server offers only LOGIN")
    func implicitLogin() async throws {
        let server = try SMTPTestServer(implicitTLS: true, auth: "igroups:hemmelig", mechanisms: "LOGIN")
        defer { server.stop() }
        try await transport(server, security: .tls, user: "igroups", password: "hemmelig").send(Self.message)
        #expect(try server.received().first?.login == "igroups")
    }

    @Test("A wrong password is an error that names the step and never the password")
    func wrongPassword() async throws {
        let server = try SMTPTestServer(tls: true, auth: "igroups:hemmelig")
        defer { server.stop() }
        do {
            try await transport(server, security: .starttls, user: "igroups", password: "forkert-kode").send(Self.message)
            Issue.record("sending with a wrong password succeeded")
        } catch let error as SMTPError {
            #expect(error.code == 535)
            #expect(error.step.hasPrefix("AUTH"))
            #expect(!error.description.contains("forkert-kode"))
        }
        #expect(try server.received().isEmpty)
    }

    @Test("STARTTLS is required: a server without it gets nothing in plain text")
    func refusesPlainText() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        await #expect(throws: SMTPError.self) {
            try await transport(server, security: .starttls, user: "igroups", password: "hemmelig").send(Self.message)
        }
        #expect(try server.received().isEmpty)
    }

    @Test("A certificate that is not trusted stops the connection")
    func untrusted() async throws {
        let server = try SMTPTestServer(tls: true)
        defer { server.stop() }
        let other = try SMTPTestServer(tls: true)
        defer { other.stop() }
        let mismatched = SMTPTransport(configuration: SMTPConfiguration(
            host: "localhost", port: server.port, security: .starttls, heloName: "igroups.test",
            trustedCertificatePEM: other.certificatePEM, timeout: .seconds(10)
        ), eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        await #expect(throws: (any Error).self) { try await mismatched.send(Self.message) }
        #expect(try server.received().isEmpty)
    }

    @Test("With MAIL_TRANSPORT=smtp, account mail goes out through the queue to the server")
    func throughTheQueue() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        try await withTestApp(environment: ["MAIL_TRANSPORT": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": String(server.port), "SMTP_SECURITY": "none"]) { app in
            var browser = Browser(app)
            try await browser.signUp(username: "soeren", email: "soeren@example.org")
            try await app.jobQueue.runPending(app: app)
        }
        let received = try server.received()
        #expect(received.count == 1)
        let mail = try SentMail(raw: received[0].raw)
        #expect(mail.subject == "Confirm your email address")
        #expect(mail.path(containing: "/verify/") != nil)
    }
}
