// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "igroups",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "igroups", targets: ["igroups"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        // Within 2.101: the file store wraps mapped bytes through an SPI of ByteBuffer, which minor versions may change.
        .package(url: "https://github.com/apple/swift-nio.git", .upToNextMinor(from: "2.101.2")),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "igroups",
            dependencies: ["IGroups", "CSystemCalls", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        // What the C library offers only to C: the allocator's settings, reads from the page cache alone.
        .target(name: "CSystemCalls"),
        .target(
            name: "IGroups",
            dependencies: [
                "IGroupsCore",
                "IGroupsPages",
                "IGroupsMembers",
                "IGroupsLinks",
                "IGroupsNews",
                "IGroupsForum",
                "IGroupsEvents",
                "IGroupsCalendar",
                "IGroupsPolls",
                "IGroupsFiles",
                "IGroupsVideo",
                "IGroupsPhotos",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ]
        ),
        .target(
            name: "IGroupsPages",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Pages"
        ),
        .target(
            name: "IGroupsMembers",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Members"
        ),
        .target(
            name: "IGroupsLinks",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Links"
        ),
        .target(
            name: "IGroupsNews",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/News"
        ),
        .target(
            name: "IGroupsForum",
            dependencies: [
                "IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Sources/Modules/Forum"
        ),
        .target(
            name: "IGroupsEvents",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Events"
        ),
        .target(
            name: "IGroupsCalendar",
            dependencies: [
                "IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Sources/Modules/Calendar"
        ),
        .target(
            name: "IGroupsPolls",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Polls"
        ),
        .target(
            name: "IGroupsFiles",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Files"
        ),
        .target(
            name: "IGroupsVideo",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Video"
        ),
        .target(
            name: "IGroupsPhotos",
            dependencies: ["IGroupsCore", .product(name: "Vapor", package: "vapor"), .product(name: "Fluent", package: "fluent")],
            path: "Sources/Modules/Photos"
        ),
        .target(
            name: "IGroupsCore",
            dependencies: [
                "CSystemCalls",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "IGroupsTests",
            dependencies: [
                "IGroups",
                "IGroupsPages",
                "IGroupsMembers",
                "IGroupsLinks",
                "IGroupsNews",
                "IGroupsForum",
                "IGroupsEvents",
                "IGroupsCalendar",
                "IGroupsPolls",
                "IGroupsFiles",
                "IGroupsVideo",
                "IGroupsPhotos",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "VaporTesting", package: "vapor"),
            ],
            // Read from the source folder by the tests that upload them, not bundled.
            exclude: ["Fixtures"]
        ),
    ]
)
