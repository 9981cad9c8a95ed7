"""A small S3-compatible server for the file store's tests: one bucket, path-style addresses.

It answers PUT, GET (with Range), HEAD and DELETE of objects and ListObjectsV2 of the bucket in
S3's wire format, keeps the objects in a folder, and checks every request as S3 does: the AWS
Signature Version 4 in the Authorization header is computed again from the request, the body must
have the hash the client sent in x-amz-content-sha256, and x-amz-date must be within 15 minutes.
Each request's method and target are appended to requests.log in the folder, so a test can see how
the client talked to it. Prints "READY <port>" once it listens.

A bucket that stops sending, on demand: while the folder holds a file named `stall` with a number N,
a GET of an object sends the head and the first N bytes of the body, then sends nothing more until
the client closes the connection (logged as `CLOSED GET <target>`), or for at most two minutes.

    s3_server.py --port 0 --root DIR --bucket NAME --access-key ID --secret-key SECRET [--region R]
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import os
import re
import select
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

EMPTY_HASH = hashlib.sha256(b"").hexdigest()
MAX_SKEW = datetime.timedelta(minutes=15)


class S3Error(Exception):
    def __init__(self, status, code, message, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def encode(text, keep_slash):
    """Percent-encodes as SigV4 asks: every byte but A-Z a-z 0-9 - . _ ~ (and / in a path)."""
    return quote(text, safe="-_.~/" if keep_slash else "-_.~")


def hmac_sha256(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


class Bucket:
    """The objects, each a file in the folder; an index from key to file, under a lock."""

    def __init__(self, root, name):
        self.root, self.name = root, name
        self.objects = {}  # key -> (path, size, etag, modified)
        self.lock = threading.Lock()
        os.makedirs(os.path.join(root, "objects"), exist_ok=True)

    def temporary(self):
        return tempfile.NamedTemporaryFile(dir=os.path.join(self.root, "objects"), delete=False)

    def store(self, key, temporary_path, size, etag):
        path = os.path.join(self.root, "objects", uuid.uuid4().hex)
        os.replace(temporary_path, path)
        modified = datetime.datetime.now(datetime.timezone.utc)
        with self.lock:
            old = self.objects.get(key)
            self.objects[key] = (path, size, etag, modified)
        if old:
            os.remove(old[0])

    def get(self, key):
        with self.lock:
            return self.objects.get(key)

    def delete(self, key):
        with self.lock:
            old = self.objects.pop(key, None)
        if old:
            os.remove(old[0])

    def keys(self, prefix, after):
        # S3 lists keys in the order of their UTF-8 bytes, which is the order of Python's str.
        with self.lock:
            return sorted((k, v) for k, v in self.objects.items() if k.startswith(prefix) and k > after)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "S3TestServer"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.handle_request("GET")

    def do_HEAD(self):
        self.handle_request("HEAD")

    def do_PUT(self):
        self.handle_request("PUT")

    def do_DELETE(self):
        self.handle_request("DELETE")

    def do_POST(self):
        self.handle_request("POST")

    def handle_request(self, method):
        config = self.server.config
        with open(os.path.join(config.root, "requests.log"), "a", encoding="utf-8") as log:
            log.write(f"{method} {self.path}\n")
        self.body_read = False
        try:
            raw_path, _, raw_query = self.path.partition("?")
            path = unquote(raw_path)
            query = [tuple(unquote(part) for part in (item.split("=", 1) + [""])[:2]) for item in raw_query.split("&") if item]
            self.check_signature(method, path, query)
            bucket, _, key = path.lstrip("/").partition("/")
            if bucket != config.bucket.name:
                raise S3Error(404, "NoSuchBucket", "The specified bucket does not exist", BucketName=bucket)
            if not key:
                if method != "GET":
                    raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                return self.list_objects(dict(query))
            if method == "PUT":
                return self.put_object(key)
            if method in ("GET", "HEAD"):
                return self.get_object(key, head=method == "HEAD")
            if method == "DELETE":
                config.bucket.delete(key)
                return self.answer(204)
            raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
        except S3Error as error:
            self.refuse(error, method)

    def check_signature(self, method, path, query):
        config = self.server.config
        authorization = self.headers.get("Authorization", "")
        match = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/s3/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})", authorization)
        if not match:
            raise S3Error(403, "AccessDenied", "Access Denied")
        access_key, day, region, signed_headers, signature = match.groups()
        if access_key != config.access_key:
            raise S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", AWSAccessKeyId=access_key)
        if region != config.region:
            raise S3Error(400, "AuthorizationHeaderMalformed", f"The authorization header is malformed; the region '{region}' is wrong; expecting '{config.region}'")
        amz_date = self.headers.get("x-amz-date", "")
        try:
            moment = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            raise S3Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
        if abs(datetime.datetime.now(datetime.timezone.utc) - moment) > MAX_SKEW:
            raise S3Error(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", RequestTime=amz_date)
        if day != amz_date[:8]:
            raise S3Error(403, "SignatureDoesNotMatch", "The credential's date is not the date of x-amz-date.")
        payload_hash = self.headers.get("x-amz-content-sha256")
        if payload_hash is None:
            raise S3Error(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
        names = signed_headers.split(";")
        unsigned = [name for name in self.headers.keys() if name.lower().startswith("x-amz-") and name.lower() not in names]
        if "host" not in names or unsigned:
            raise S3Error(403, "AccessDenied", "Host and every x-amz- header must be signed")

        canonical_query = "&".join(f"{n}={v}" for n, v in sorted((encode(n, False), encode(v, False)) for n, v in query))
        canonical_headers = "".join(f"{name}:{','.join(' '.join(value.split()) for value in self.headers.get_all(name, []))}\n" for name in names)
        canonical_request = "\n".join([method, encode(path, True), canonical_query, canonical_headers, signed_headers, payload_hash])
        scope = f"{day}/{region}/s3/aws4_request"
        string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
        key = ("AWS4" + config.secret_key).encode("utf-8")
        for part in (day, region, "s3", "aws4_request"):
            key = hmac_sha256(key, part)
        expected = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise S3Error(403, "SignatureDoesNotMatch",
                          "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                          StringToSign=string_to_sign, CanonicalRequest=canonical_request)

    def put_object(self, key):
        if "Content-Length" not in self.headers:
            raise S3Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
        remaining = int(self.headers["Content-Length"])
        digest, md5 = hashlib.sha256(), hashlib.md5()
        size = 0
        with self.server.config.bucket.temporary() as temporary:
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                remaining -= len(chunk)
                size += len(chunk)
                digest.update(chunk)
                md5.update(chunk)
                temporary.write(chunk)
        self.body_read = remaining == 0
        declared = self.headers["x-amz-content-sha256"]
        if remaining or (declared != "UNSIGNED-PAYLOAD" and declared != digest.hexdigest()):
            os.remove(temporary.name)
            raise S3Error(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.",
                          ClientComputedContentSHA256=declared, S3ComputedContentSHA256=digest.hexdigest())
        etag = f'"{md5.hexdigest()}"'
        self.server.config.bucket.store(key, temporary.name, size, etag)
        self.answer(200, headers={"ETag": etag})

    def get_object(self, key, head):
        found = self.server.config.bucket.get(key)
        if not found:
            if head:
                return self.answer(404)
            raise S3Error(404, "NoSuchKey", "The specified key does not exist.", Key=key)
        path, size, etag, modified = found
        headers = {"ETag": etag, "Last-Modified": modified.strftime("%a, %d %b %Y %H:%M:%S GMT"), "Accept-Ranges": "bytes",
                   "Content-Type": "binary/octet-stream"}
        start, end, status = 0, size - 1, 200
        wanted = self.headers.get("Range")
        if wanted and not head:
            match = re.fullmatch(r"bytes=(\d*)-(\d*)", wanted.strip())
            if match and match.group(1):
                start = int(match.group(1))
                end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
            elif match and match.group(2):
                start, end = max(0, size - int(match.group(2))), size - 1
            if match and start >= size:
                raise S3Error(416, "InvalidRange", "The requested range is not satisfiable", RangeRequested=wanted, ActualObjectSize=str(size))
            if match:
                status = 206
                headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        length = max(0, end - start + 1)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if head:
            return
        stall_after = self.stall_after()
        if stall_after is not None:
            length = min(length, stall_after)
        with open(path, "rb") as file:
            file.seek(start)
            while length > 0:
                chunk = file.read(min(length, 1 << 16))
                if not chunk:
                    break
                self.wfile.write(chunk)
                length -= len(chunk)
        if stall_after is not None:
            self.stall()

    def stall_after(self):
        """The bytes a GET sends before it stalls, or None when the bucket sends normally."""
        try:
            with open(os.path.join(self.server.config.root, "stall"), encoding="utf-8") as switch:
                return int(switch.read().strip() or "0")
        except FileNotFoundError:
            return None

    def stall(self):
        """Sends nothing more and waits for the client to give up; the connection is not used again."""
        self.close_connection = True
        readable, _, _ = select.select([self.connection], [], [], 120)
        closed = bool(readable) and not self.connection.recv(1 << 16)
        with open(os.path.join(self.server.config.root, "requests.log"), "a", encoding="utf-8") as log:
            log.write(f"{'CLOSED' if closed else 'STALLED'} GET {self.path}\n")

    def list_objects(self, query):
        if query.get("list-type") != "2":
            raise S3Error(501, "NotImplemented", "Only ListObjectsV2 (list-type=2) is implemented here.")
        prefix = query.get("prefix", "")
        max_keys = min(int(query.get("max-keys", "1000")), 1000)
        token = query.get("continuation-token")
        after = base64.urlsafe_b64decode(token).decode("utf-8") if token else query.get("start-after", "")
        matching = self.server.config.bucket.keys(prefix, after)
        page, truncated = matching[:max_keys], len(matching) > max_keys
        parts = [f"<Name>{escape(self.server.config.bucket.name)}</Name><Prefix>{escape(prefix)}</Prefix>",
                 f"<KeyCount>{len(page)}</KeyCount><MaxKeys>{max_keys}</MaxKeys><IsTruncated>{'true' if truncated else 'false'}</IsTruncated>"]
        if token:
            parts.append(f"<ContinuationToken>{escape(token)}</ContinuationToken>")
        if truncated:
            parts.append(f"<NextContinuationToken>{base64.urlsafe_b64encode(page[-1][0].encode('utf-8')).decode('ascii')}</NextContinuationToken>")
        for key, (_, size, etag, modified) in page:
            parts.append(f"<Contents><Key>{escape(key)}</Key><LastModified>{modified.strftime('%Y-%m-%dT%H:%M:%S.000Z')}</LastModified>"
                         f"<ETag>{escape(etag, {chr(34): '&quot;'})}</ETag><Size>{size}</Size><StorageClass>STANDARD</StorageClass></Contents>")
        body = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' + "".join(parts) + "</ListBucketResult>"
        self.answer(200, body.encode("utf-8"), {"Content-Type": "application/xml"})

    def refuse(self, error, method):
        details = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in error.extra.items())
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{error.code}</Code><Message>{escape(error.message)}</Message>'
                f"{details}<RequestId>{uuid.uuid4().hex[:16].upper()}</RequestId></Error>").encode("utf-8")
        # A body the client sent and we did not read would be taken for the next request: read it first.
        remaining = 0 if self.body_read else int(self.headers.get("Content-Length", "0"))
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                self.close_connection = True
                break
            remaining -= len(chunk)
        self.answer(error.status, b"" if method == "HEAD" else body, {"Content-Type": "application/xml"})

    def answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body:
            self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--region", default="us-east-1")
    arguments = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    server.config = argparse.Namespace(root=arguments.root, bucket=Bucket(arguments.root, arguments.bucket), access_key=arguments.access_key,
                                       secret_key=arguments.secret_key, region=arguments.region)
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
