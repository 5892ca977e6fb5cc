// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Anju",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "anju", targets: ["anju"]),
        .library(name: "AnjuCore", targets: ["AnjuCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // swift-mustache 2.1.1 with speed patches that keep its behaviour (Vendor/swift-mustache/PATCHES.md).
        .package(path: "Vendor/swift-mustache"),
    ],
    targets: [
        // cmark-gfm from Debian (libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // libqrencode from Debian (libqrencode-dev): QR codes on printed notices.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // FreeType and zlib from Debian (libfreetype-dev, zlib1g-dev): the share card's text and PNG.
        .systemLibrary(
            name: "CFreeType",
            pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libdeflate from Debian (libdeflate-dev): the search shards, compressed in a clean
        // build by the tens of thousands, where zlib's stream was a sixth of the build.
        .systemLibrary(
            name: "CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        // libvips from Debian (libvips-dev): editors' photos resized, turned upright and stripped.
        .systemLibrary(
            name: "CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        // libvips' calls take variable arguments, which Swift cannot make: a small C layer.
        .target(name: "CAnjuPhoto", dependencies: ["CVips"]),
        // The one system call Foundation lacks: an atomic swap of two folders.
        .target(name: "CAnjuSystem"),
        // Byte- and pointer-level code (encoders, decoders, C libraries' buffers) behind value-typed
        // APIs, each with a plain reference twin in the tests: the stages stay domain code.
        .target(
            name: "AnjuKernels",
            dependencies: [
                "CCmarkGFM",
                "CAnjuSystem",
                "CQRencode",
                "CFreeType",
                "CZlib",
                "CDeflate",
                "CAnjuPhoto",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "AnjuCore",
            dependencies: [
                "AnjuKernels",
                // cmark's node calls walk the tree in Parse; its buffers are the kernels'.
                "CCmarkGFM",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // pinyin.txt: the hanzi → pinyin table (scripts/gen_pinyin.py), pinyin-words.txt: words
            // read otherwise than their characters' first readings (scripts/gen_pinyin_words.py); holidays.txt: China's
            // statutory holidays and make-up working days (scripts/gen_holidays.py); lexicon.yml:
            // everyday words → official ones for search.
            resources: [.copy("Resources/pinyin.txt"), .copy("Resources/pinyin-words.txt"), .copy("Resources/holidays.txt"),
                        .copy("Resources/lexicon.yml")]
        ),
        .executableTarget(
            name: "anju",
            dependencies: [
                "AnjuCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AnjuCoreTests",
            // The executable too: the command-line tests run the real `anju`.
            dependencies: ["AnjuCore", "AnjuKernels", "anju"]
        ),
    ]
)
