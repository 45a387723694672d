/// Byte-level checks shared by the exact endpoint matchers of the fast YAML and JSON readers
/// (``YAMLSubsetCursor/plainSliceEndpoint()``, ``JSONFastCursor/plainSliceEndpoint()``): what
/// ``SliceEndpointShortcut`` would check on the strings, done on the bytes before any string is
/// made, so that a matched endpoint can carry ``RawSliceEndpoint/vettedIPv4``.
enum PlainEndpointBytes {
    /// A dotted quad in Go's canonical spelling (four decimal parts 0-255, no leading zero) at
    /// `offset` (bytes up to `end`): its value and the offset just past it; nil for anything else.
    /// On such text `IPAddress`'s parse gives this value and its description gives the text back,
    /// so the shortcut's parse and respelling are identities.
    static func canonicalIPv4(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int) -> (UInt32, Int)? {
        var index = offset
        var value: UInt32 = 0
        @inline(__always) func byte(_ at: Int) -> UInt8 { at < end ? bytes[at] : 0 }
        for part in 0..<4 {
            if part > 0 {
                guard byte(index) == UInt8(ascii: ".") else { return nil }
                index += 1
            }
            var octet: UInt32 = 0
            let first = index
            while index - first < 3, case let digit = byte(index), digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
                octet = octet * 10 + UInt32(digit - UInt8(ascii: "0"))
                index += 1
            }
            let digits = index - first
            guard digits > 0, octet <= 255, !(digits > 1 && bytes[first] == UInt8(ascii: "0")) else { return nil }
            value = value << 8 | octet
        }
        return (value, index)
    }

    /// The offset just past the run of `[a-z0-9.-]` bytes at `offset` (up to `end`), when that
    /// run is a valid DNS-1123 subdomain (``NameValidation/isValidSubdomainBytes(_:)``, the check
    /// the shortcut makes on `nodeName`); nil otherwise. The caller checks what ends the run.
    static func subdomainRun(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, end: Int) -> Int? {
        var index = offset
        while index < end {
            let byte = bytes[index]
            guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            else { break }
            index += 1
        }
        guard NameValidation.isValidSubdomainBytes(UnsafeBufferPointer(rebasing: bytes[offset..<index])) else { return nil }
        return index
    }
}
