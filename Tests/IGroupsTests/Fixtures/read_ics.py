"""Reads an iCalendar file with the independent `icalendar` library and prints what a calendar
program would take from it, as JSON: each event's times, repeats (expanded with dateutil, cancelled
dates left out) and changed dates, and the offsets each VTIMEZONE gives on a winter and a summer day."""
import json
import sys
from datetime import datetime

import icalendar
from dateutil.rrule import rrulestr

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
out = {"name": str(calendar.get("X-WR-CALNAME", "")), "events": [], "zones": {}}
for zone in calendar.walk("VTIMEZONE"):
    tz = zone.to_tz()
    offsets = []
    for day in (datetime(int(sys.argv[2]), 1, 15, 12), datetime(int(sys.argv[2]), 7, 1, 12)):
        aware = tz.localize(day) if hasattr(tz, "localize") else day.replace(tzinfo=tz)
        offsets.append(aware.utcoffset().total_seconds())
    out["zones"][str(zone["TZID"])] = offsets
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event else None
    item = {
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        "start": start.isoformat(),
        "end": end.isoformat() if end is not None else None,
        "status": str(event.get("STATUS", "")),
        "location": str(event.get("LOCATION", "")),
        "sequence": int(event.get("SEQUENCE", 0)),
    }
    if "RRULE" in event:
        rule = event["RRULE"].to_ical().decode()
        cancelled = set()
        exdate = event.get("EXDATE")
        if exdate is not None:
            for block in exdate if isinstance(exdate, list) else [exdate]:
                for value in block.dts:
                    cancelled.add(value.dt)
        item["rrule"] = rule
        item["occurrences"] = [d.isoformat() for d in rrulestr(rule, dtstart=start) if d not in cancelled]
    if "RECURRENCE-ID" in event:
        item["recurrence_id"] = event.decoded("RECURRENCE-ID").isoformat()
    out["events"].append(item)
print(json.dumps(out))
