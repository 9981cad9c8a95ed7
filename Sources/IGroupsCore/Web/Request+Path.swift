import Vapor

extension Request {
    private struct URLPathKey: StorageKey { typealias Value = String }

    /// The address's path, read once: `url.path` takes it apart anew at every use, and the middleware,
    /// the layout and the visit count each ask for it.
    package var urlPath: String {
        if let known = storage[URLPathKey.self] { return known }
        let path = url.path
        storage[URLPathKey.self] = path
        return path
    }

    /// One cookie's value, found in the `Cookie` header without taking apart every cookie in it.
    package func cookie(_ name: String) -> String? {
        for header in headers[.cookie] {
            for pair in header.split(separator: ";") {
                let pair = pair.drop { $0 == " " }
                guard pair.hasPrefix(name), pair.dropFirst(name.count).first == "=" else { continue }
                return String(pair.dropFirst(name.count + 1))
            }
        }
        return nil
    }
}
