import Vapor

/// A page: its layout data and the code that writes its content.
package protocol PageView: Sendable {
    var layout: Layout.Model { get }
    func content(_ h: inout HTML)
}

extension PageView {
    /// The whole document, as UTF-8.
    package func render() -> [UInt8] {
        var h = HTML()
        Layout.write(layout, into: &h) { content(&$0) }
        return h.bytes
    }

    /// The whole document as a response.
    package func response(status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(buffer: ByteBuffer(bytes: render())))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

extension Response {
    /// A 303 redirect, the answer to every successful form.
    package static func seeOther(_ location: String) -> Response {
        let response = Response(status: .seeOther)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }
}
