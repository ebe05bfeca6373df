import Foundation

/// Compact JWS tokens: three base64url parts from `eyJ`, whose header decodes to a JSON object with `alg`. A token
/// whose header and claims are Lanyard's — `typ: at+jwt` with Lanyard's governance claims, or a JWT-SVID (`sub`
/// `spiffe://…`) — from an issuer `…/t/{tenant}` is reported as Lanyard's; its signature is checked by the intake
/// against the issuer's published keys, not offline.
enum JWTDetector {
    static let start = Array("eyJ".utf8)

    static func detect(_ line: ArraySlice<UInt8>, into matches: inout [Match]) {
        var from = line.startIndex
        for index in ByteClass.occurrences(of: start, in: line) where index >= from {
            if index > line.startIndex, ByteClass.table[Int(line[index - 1])] & ByteClass.jws != 0 { continue }
            let end = ByteClass.runEnd(line, from: index, ByteClass.jws)
            from = end
            let parts = line[index..<end].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            guard parts.count == 3, parts[1].count >= 4, parts[2].count >= 16,
                let header = decodeObject(parts[0]), header["alg"] is String
            else { continue }
            let claims = decodeObject(parts[1])
            if let claims, isLanyard(header: header, claims: claims) {
                let kind = header["typ"] as? String == "at+jwt" ? "lanyard-access-token" : "lanyard-jwt-svid"
                matches.append(Match(rule: .lanyardJWT, kind: kind, range: index..<end))
            } else {
                matches.append(Match(rule: .jwt, kind: "jwt", range: index..<end))
            }
        }
    }

    /// Whether a token's header and claims are those Lanyard issues.
    static func isLanyard(header: [String: Any], claims: [String: Any]) -> Bool {
        guard let issuer = claims["iss"] as? String, let path = URL(string: issuer)?.path, path.split(separator: "/").suffix(2).first == "t"
        else { return false }
        if header["typ"] as? String == "at+jwt" {
            return claims["stage"] != nil || claims["owner"] != nil || claims["spiffe_id"] != nil
        }
        return (claims["sub"] as? String)?.hasPrefix("spiffe://") == true
    }

    /// The JSON object a base64url part decodes to.
    static func decodeObject(_ part: ArraySlice<UInt8>) -> [String: Any]? {
        guard part.count <= 8192 else { return nil }
        var text = String(decoding: part, as: UTF8.self).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
