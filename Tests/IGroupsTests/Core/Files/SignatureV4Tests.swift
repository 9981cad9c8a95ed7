import Foundation
@testable import IGroupsCore
import Testing

@Suite("AWS Signature Version 4")
struct SignatureV4Tests {
    /// The example "GET Object" of Amazon S3's documentation on signing with the Authorization header
    /// (the first ten bytes of test.txt in examplebucket), with its published intermediate steps and signature.
    @Test("The S3 documentation's GET Object example gets the published canonical request, string to sign and signature")
    func documentationExample() throws {
        // setup
        let signer = SignatureV4(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
        let date = try Date("2013-05-24T00:00:00Z", strategy: .iso8601)

        // act
        let signed = signer.sign(
            method: "GET", path: "/test.txt", query: [],
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
            payloadHash: SignatureV4.emptyPayloadHash, date: date
        )

        // assert
        #expect(signed.canonicalRequest == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signed.stringToSign == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
            """)
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        let authorization = signed.headers.first { $0.name == "authorization" }?.value
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(signed.headers.contains { $0.name == "x-amz-date" && $0.value == "20130524T000000Z" })
    }

    @Test("Paths keep their slashes and encode everything but unreserved characters; the query is sorted")
    func encoding() {
        #expect(SignatureV4.encode("/b/Årsmøde 2026 + (1)*!'~.pdf", keepingSlash: true) == "/b/%C3%85rsm%C3%B8de%202026%20%2B%20%281%29%2A%21%27~.pdf")
        #expect(SignatureV4.encode("groups/7/") == "groups%2F7%2F")
        #expect(SignatureV4.canonicalQuery([("prefix", "groups/7/"), ("list-type", "2"), ("max-keys", "2"), ("continuation-token", "a+b=")])
            == "continuation-token=a%2Bb%3D&list-type=2&max-keys=2&prefix=groups%2F7%2F")
    }
}
