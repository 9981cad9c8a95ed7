import Vapor

/// A CSV download: one header line and the rows, quoted where needed, safe to open in a spreadsheet.
package enum CSVFile {
    /// The lines as an attachment named `filename`.
    package static func response(_ lines: [[String]], filename: String) -> Response {
        let body = lines.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        // Personal data: kept by no cache on the way.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Quotes a CSV field, and defuses a leading =, +, - or @ so a spreadsheet never runs it as a formula.
    package static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "'" }) || text != value else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
