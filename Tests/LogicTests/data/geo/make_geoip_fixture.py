#!/usr/bin/env python3
"""Writes the tiny MaxMind databases the geo_info_from_ip_address tests read.

Run once (the .mmdb files are committed, so the Swift tests need no Python):
    python3 -m venv /tmp/mmdb && /tmp/mmdb/bin/pip install mmdb-writer==0.2.7 netaddr maxminddb
    /tmp/mmdb/bin/python Tests/LogicTests/data/geo/make_geoip_fixture.py

The records follow the GeoLite2-City layout (country/subdivisions/city names, location). Their
values are the two examples of geo-info-from-ip-address-function.md, plus a record that has
only a country (to show the "" for missing names). The networks are small made-up ones around
the documented addresses. Three files use record sizes 24, 28 and 32 (the writer picks 24 for
a file this small; the others are forced), and each is read back with MaxMind's own reader.
"""
import os
import sys

import maxminddb
from mmdb_writer import MMDBWriter, MmdbF64, TreeWriter
from netaddr import IPSet

HERE = os.path.dirname(os.path.abspath(__file__))


def city(country, state, name, lat, lon):
    r = {"country": {"iso_code": "XX", "names": {"en": country, "de": country + " (de)"}},
         "location": {"latitude": MmdbF64(lat), "longitude": MmdbF64(lon), "accuracy_radius": 20}}
    if state is not None:
        r["subdivisions"] = [{"names": {"en": state}}]
    if name is not None:
        r["city"] = {"names": {"en": name}, "geoname_id": 2147714}
    return r


RECORDS = [
    (["20.53.203.0/24"], city("Australia", "New South Wales", "Sydney", -33.8715, 151.2006)),
    (["2a03:2880:f12c::/48"], city("United States", "Florida", "Boca Raton", 26.3594, -80.0771)),
    (["198.51.100.0/24"], {"country": {"names": {"en": "Testland"}}}),
]


def write(path, record_size=None):
    w = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-City",
                   languages=["en"], description="Quarry test fixture")
    for nets, data in RECORDS:
        w.insert_network(IPSet(nets), data)
    if record_size is not None:
        original = TreeWriter._adjust_record_size

        def forced(self):
            original(self)
            self.record_size = record_size
            self.data_offset = self.record_size * 2 / 8 * self._node_counter
        TreeWriter._adjust_record_size = forced
        try:
            w.to_db_file(path)
        finally:
            TreeWriter._adjust_record_size = original
    else:
        w.to_db_file(path)
    with maxminddb.open_database(path) as r:
        assert r.metadata().record_size == (record_size or 24), r.metadata().record_size
        got = r.get("20.53.203.50")
        assert got["city"]["names"]["en"] == "Sydney", got
        assert r.get("2a03:2880:f12c:83:face:b00c::25de")["city"]["names"]["en"] == "Boca Raton"
        assert r.get("8.8.8.8") is None
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    write(os.path.join(HERE, "geoip-city-24.mmdb"))
    write(os.path.join(HERE, "geoip-city-28.mmdb"), 28)
    write(os.path.join(HERE, "geoip-city-32.mmdb"), 32)
    sys.exit(0)
