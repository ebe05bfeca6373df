import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    // MARK: SPIFFE certificate authorities

    func insertCertificateAuthority(_ record: CertificateAuthorityRecord) async throws {
        noteChange(.authorities(tenant: record.tenant))
        let certificate = Data(record.certificateDER).base64EncodedString()
        let sealed = record.sealedPrivateKey.map { Data($0).base64EncodedString() }
        try await guarded("Tenant \(record.tenant) already has a SPIFFE \(record.role.rawValue) CA.") {
            try await db.raw(
                """
                INSERT INTO spiffe_authorities (tenant, role, certificate_der, sealed_private_key, created_at, not_after, generation)
                VALUES (\(bind: record.tenant), \(bind: record.role.rawValue), \(bind: certificate), \(bind: sealed),
                    \(bind: Self.seconds(record.createdAt)), \(bind: Self.seconds(record.notAfter)), \(bind: record.generation))
                """
            ).run()
        }
    }

    func certificateAuthorities(tenant: String) async throws -> [CertificateAuthorityRecord] {
        try await db.raw("SELECT * FROM spiffe_authorities WHERE tenant = \(bind: tenant) ORDER BY role").all().map { row in
            guard let role = CertificateAuthorityRole(rawValue: try row.decode(column: "role", as: String.self)),
                let certificate = Data(base64Encoded: try row.decode(column: "certificate_der", as: String.self))
            else { throw LanyardError(.internal, "A stored SPIFFE CA of tenant \(tenant) is malformed.") }
            let sealedText = try row.decode(column: "sealed_private_key", as: String?.self)
            let sealed = try sealedText.map { (text: String) throws -> [UInt8] in
                guard let bytes = Data(base64Encoded: text) else {
                    throw LanyardError(.internal, "A stored SPIFFE CA key of tenant \(tenant) is malformed.")
                }
                return Array(bytes)
            }
            return CertificateAuthorityRecord(
                tenant: tenant, role: role, certificateDER: Array(certificate), sealedPrivateKey: sealed,
                createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)),
                notAfter: Self.date(try row.decode(column: "not_after", as: Int64.self)),
                generation: try row.decode(column: "generation", as: Int64.self))
        }
    }

    func replaceCertificateAuthority(_ record: CertificateAuthorityRecord, generation: Int64) async throws -> Bool {
        noteChange(.authorities(tenant: record.tenant))
        let certificate = Data(record.certificateDER).base64EncodedString()
        let sealed = record.sealedPrivateKey.map { Data($0).base64EncodedString() }
        return try await !db.raw(
            """
            UPDATE spiffe_authorities SET certificate_der = \(bind: certificate), sealed_private_key = \(bind: sealed),
                created_at = \(bind: Self.seconds(record.createdAt)), not_after = \(bind: Self.seconds(record.notAfter)),
                generation = \(bind: record.generation)
            WHERE tenant = \(bind: record.tenant) AND role = \(bind: record.role.rawValue) AND generation = \(bind: generation)
            RETURNING tenant
            """
        ).all().isEmpty
    }
}
