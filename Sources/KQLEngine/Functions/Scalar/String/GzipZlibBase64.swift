import Foundation
import KQLColumns

// gzip_compress_to_base64_string, gzip_decompress_from_base64_string, zlib_compress_to_base64_string,
// zlib_decompress_from_base64_string (gzip-base64-compress.md, gzip-base64-decompress.md,
// zlib-base64-compress-function.md, zlib-base64-decompress-function.md). The codecs are
// KQLColumns/Compression (shared with the file readers). Kusto does not specify its compressed
// bytes; Quarry's are valid gzip/zlib that any decoder reads back. Text that does not shrink is
// written as stored blocks, which gives the pages' exact output for "1234567890qwertyuiop";
// compressible text is compressed, not necessarily to the same bytes as Kusto's.

/// Largest decompressed output (64 MiB): beyond it the result is "" like any other failure.
let decompressedStringLimit = 64 << 20

/// The decompressed bytes as a string; "" when they are not UTF-8 (Quarry's choice: the docs
/// promise a UTF-8 string and say failures give "").
private func utf8String(_ bytes: [UInt8]) -> String { String(validating: bytes, as: UTF8.self) ?? "" }

let gzipCompressToBase64StringFunction = rowFunction(
    "gzip_compress_to_base64_string", fn([p("string", .type(.string))], .fixed(.string)),
    summary: "The string's UTF-8 bytes gzip-compressed, base64-encoded.", kernel: { args in
        .string(base64Encode(Gzip.compress(Array(kqlString(args[0]).utf8))))
    })

/// As the page says: the header's ID1, ID2 and CM must be right and FLG zero (no optional fields);
/// anything else, a bad checksum, or invalid base64 gives "".
let gzipDecompressFromBase64StringFunction = rowFunction(
    "gzip_decompress_from_base64_string", fn([p("string", .type(.string))], .fixed(.string)),
    summary: "The string decoded from base64 and gzip-decompressed (UTF-8); \"\" when either step fails or the gzip header has flags set.",
    kernel: { args in
        guard let bytes = base64Decode(kqlString(args[0])), bytes.count >= 18,
              bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 8, bytes[3] == 0 else { return .string("") }
        guard let data = try? Gzip.decompress(Data(bytes), limit: decompressedStringLimit) else { return .string("") }
        return .string(utf8String([UInt8](data)))
    })

let zlibCompressToBase64StringFunction = rowFunction(
    "zlib_compress_to_base64_string", fn([p("string", .type(.string))], .fixed(.string)),
    summary: "The string's UTF-8 bytes zlib-compressed, base64-encoded.", kernel: { args in
        .string(base64Encode(Zlib.compress(Array(kqlString(args[0]).utf8))))
    })

let zlibDecompressFromBase64StringFunction = rowFunction(
    "zlib_decompress_from_base64_string", fn([p("string", .type(.string))], .fixed(.string)),
    summary: "The string decoded from base64 and zlib-decompressed (UTF-8); \"\" when either step fails.",
    kernel: { args in
        guard let bytes = base64Decode(kqlString(args[0])),
              let out = try? Zlib.decompress(bytes, limit: decompressedStringLimit) else { return .string("") }
        return .string(utf8String(out))
    })
