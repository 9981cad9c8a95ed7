"""Reads a ZIP as an unzip tool would and prints each entry's name, size and SHA-256 as JSON.

Python's zipfile checks every entry's CRC-32 as it reads, and reads ZIP64 records."""
import hashlib
import json
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as archive:
    bad = archive.testzip()
    if bad is not None:
        sys.exit(f"bad CRC in {bad}")
    entries = []
    for info in archive.infolist():
        data = archive.read(info)
        entries.append({"name": info.filename, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
print(json.dumps(entries))
