/// The files under `/assets/`, compiled into the binary (SwiftPM's embedInCode).
enum Assets {
    struct File: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    static let files: [String: File] = [
        "app.css": File(bytes: PackageResources.app_css, contentType: "text/css; charset=utf-8"),
        "app.js": File(bytes: PackageResources.app_js, contentType: "text/javascript; charset=utf-8"),
    ]
}
