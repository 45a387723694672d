import Crypto

/// kube-proxy's chain-name hash (`portProtoHash`, `servicePortEndpointChainName` in
/// `pkg/proxy/iptables/proxier.go`): the first 16 characters of base32(sha256(input)), after a
/// prefix such as `KUBE-SEP-`.
///
/// A large cluster hashes one name per endpoint (100,000 and more), so the name is built
/// straight from the digest's bytes into the string's own storage: one allocation per name
/// (none for a name of at most 15 bytes), no intermediate arrays or strings.
enum ChainHash {
    /// `prefix` followed by the 16 hash characters of `input`.
    static func name(_ prefix: StaticString, hashing input: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: input)
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { name(prefix, digest: $0) }
    }

    /// The 16 hash characters of `input`, in memory order, kept inline (no string): an
    /// endpoint chain's name without its `KUBE-SEP-` (``EndpointChainNames/Entry``).
    static func characters(hashing input: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var hasher = SHA256()
        hasher.update(bufferPointer: input)
        let digest = hasher.finalize()
        var characters: (UInt64, UInt64) = (0, 0)
        digest.withUnsafeBytes { digest in
            withUnsafeMutableBytes(of: &characters) { output in
                Base32.writePrefix16(digest, into: output.bindMemory(to: UInt8.self))
            }
        }
        return characters
    }

    /// ``name(_:hashing:)`` under each of four prefixes, from one hash of `input`: a service
    /// port's `KUBE-SVC-`, `KUBE-SVL-`, `KUBE-FW-` and `KUBE-EXT-` chains.
    static func names(
        _ prefixes: (StaticString, StaticString, StaticString, StaticString), hashing input: UnsafeRawBufferPointer
    ) -> (String, String, String, String) {
        var hasher = SHA256()
        hasher.update(bufferPointer: input)
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { digest in
            (name(prefixes.0, digest: digest), name(prefixes.1, digest: digest), name(prefixes.2, digest: digest),
             name(prefixes.3, digest: digest))
        }
    }

    /// `prefix` followed by the first 16 base32 characters of `digest`.
    private static func name(_ prefix: StaticString, digest: UnsafeRawBufferPointer) -> String {
        let prefixCount = prefix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: prefixCount + 16) { output in
            let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefixCount)
            _ = output.initialize(from: prefixBytes)
            Base32.writePrefix16(digest, into: UnsafeMutableBufferPointer(rebasing: output[prefixCount...]))
            return prefixCount + 16
        }
    }
}
