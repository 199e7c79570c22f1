"""A third, independent reading of an iCalendar text: libical (C), through GObject introspection.

Reads .ics on stdin and prints JSON:
  restriction  whether libical's iTIP restriction check (RFC 5546, by METHOD) passes
  errors       the text of every X-LIC-ERROR libical added while parsing or checking
  events       per VEVENT: uid, start and end as UTC ISO instants, read with the VTIMEZONE
               components of the text itself (never libical's built-in zones)

Run with /usr/bin/python3 (Debian's, with python3-gi and gir1.2-ical-3.0); a missing module is an
error, never a skip.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I  # noqa: E402

UTC = I.Timezone.get_utc_timezone()


def walk(component):
    yield component
    child = component.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while child is not None:
        yield from walk(child)
        child = component.get_next_component(I.ComponentKind.ANY_COMPONENT)


def instant(root, event, kind, errors):
    """The property's value as a UTC ISO instant, or None when absent."""
    prop = event.get_first_property(kind)
    if prop is None:
        return None
    value = prop.get_dtstart() if kind == I.PropertyKind.DTSTART_PROPERTY else prop.get_dtend()
    tzid = prop.get_first_parameter(I.ParameterKind.TZID_PARAMETER)
    if tzid is not None:
        zone = root.get_timezone(tzid.get_tzid())
        if zone is None:
            errors.append(f"no VTIMEZONE for TZID {tzid.get_tzid()}")
            return None
        value.set_timezone(zone)
        value = value.convert_to_zone(UTC)
    elif not value.is_utc():
        errors.append(f"floating time in {prop.get_property_name()}")
        return None
    return "%04d-%02d-%02dT%02d:%02d:%02d.000Z" % (
        value.get_year(),
        value.get_month(),
        value.get_day(),
        value.get_hour(),
        value.get_minute(),
        value.get_second(),
    )


def main():
    text = sys.stdin.read()
    try:
        root = I.Component.new_from_string(text)
    except TypeError:  # the binding's way of saying libical returned NULL: nothing it could parse
        root = None
    if root is None or root.isa() != I.ComponentKind.VCALENDAR_COMPONENT:
        print(json.dumps({"restriction": False, "errors": ["not a VCALENDAR"], "events": []}))
        return
    restriction = I.restriction_check(root) == 1
    errors = []
    for component in walk(root):
        prop = component.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
        while prop is not None:
            errors.append(prop.get_xlicerror())
            prop = component.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    events = []
    event = root.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        events.append(
            {
                "uid": event.get_uid(),
                "start": instant(root, event, I.PropertyKind.DTSTART_PROPERTY, errors),
                "end": instant(root, event, I.PropertyKind.DTEND_PROPERTY, errors),
            }
        )
        event = root.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    print(json.dumps({"restriction": restriction, "errors": errors, "events": events}))


main()
