"""Kusto's own Python client (azure-kusto-data) against `quarry serve`.

Run by Tests/QuarryServerTests/PythonClientTests.swift with the venv's python:
    python kusto_client_test.py URL DATABASE REPO_ROOT
Prints one line per check ("ok NAME" or "FAIL NAME: why") and exits non-zero on any failure.
"""
import sys
import time
from datetime import timedelta

from azure.kusto.data import ClientRequestProperties, KustoClient, KustoConnectionStringBuilder
from azure.kusto.data.exceptions import KustoServiceError
from azure.kusto.data.helpers import dataframe_from_result_table

url, db, root = sys.argv[1], sys.argv[2], sys.argv[3]
client = KustoClient(KustoConnectionStringBuilder.with_no_authentication(url))
failures = 0


def check(name, fn):
    global failures
    start = time.monotonic()
    try:
        fn()
        print(f"ok {name} ({time.monotonic() - start:.2f} s)", flush=True)
    except Exception as e:  # noqa: BLE001 - report every failure by name
        failures += 1
        print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)


def query_to_pandas():
    # The README's lines.
    response = client.execute(db, "DeviceNetworkEvents | summarize n = count() by ActionType | order by n desc")
    df = dataframe_from_result_table(response.primary_results[0])
    assert list(df.columns) == ["ActionType", "n"], df.columns
    assert int(df["n"].sum()) == 3000, df
    assert str(df["n"].dtype) == "Int64", df.dtypes


def typed_columns():
    q = "print d = datetime(2025-05-10 01:02:03), t = 90m, r = 1.5, b = true, s = 'x', j = dynamic({'a': [1, 2]})"
    df = dataframe_from_result_table(client.execute(db, q).primary_results[0])
    row = df.iloc[0]
    assert str(row["d"]).startswith("2025-05-10 01:02:03"), row["d"]
    assert row["t"] == timedelta(minutes=90), row["t"]
    assert row["r"] == 1.5 and bool(row["b"]) is True and row["s"] == "x", row
    assert row["j"] == {"a": [1, 2]}, row["j"]


def founding_hunt():
    # hunts/inbound-connections.mde.kql with its two settings as query parameters.
    text = open(f"{root}/hunts/inbound-connections.mde.kql", encoding="utf-8").read()
    lines = [l for l in text.splitlines() if not l.startswith("let CompromisedDevice") and not l.startswith("let SearchWindow")]
    q = "declare query_parameters(CompromisedDevice:string, SearchWindow:timespan = 1d);\n" + "\n".join(lines)
    props = ClientRequestProperties()
    props.set_parameter("CompromisedDevice", "test.domain.tld")
    props.set_parameter("SearchWindow", "10d")
    props.set_option("query_now", "2025-05-10T00:00:00Z")
    df = dataframe_from_result_table(client.execute(db, q, props).primary_results[0])
    assert list(df.columns) == ["Timestamp", "DeviceName", "RemoteIP", "RemotePort", "RemoteIPIsPrivate", "FourToSixPrivate",
                                "LocalIP", "LocalPort"], df.columns
    assert len(df) == int(sys.argv[4]), len(df)
    assert set(df["DeviceName"]) == {"test.domain.tld"}, set(df["DeviceName"])


def show_tables():
    df = dataframe_from_result_table(client.execute_mgmt(db, ".show tables").primary_results[0])
    assert "DeviceNetworkEvents" in list(df["TableName"]), df


def table_schema():
    r = client.execute_mgmt(db, ".show table DeviceNetworkEvents schema as json").primary_results[0]
    import json
    schema = json.loads(r[0]["Schema"])
    assert schema["OrderedColumns"][0]["Name"] == "Timestamp", schema


def error_query():
    try:
        client.execute(db, "DeviceNetworkEvents | where NoSuchColumn == 1")
    except KustoServiceError as e:
        text = str(e)
        assert "KQB003" in text and "NoSuchColumn" in text, text
        assert e.is_semantic_error(), text
        return
    raise AssertionError("no KustoServiceError")


def truncation():
    props = ClientRequestProperties()
    props.set_option("truncationmaxrecords", 100)
    try:
        client.execute(db, "DeviceNetworkEvents", props)
    except KustoServiceError as e:
        assert "E_QUERY_RESULT_SET_TOO_LARGE" in str(e), str(e)
    else:
        raise AssertionError("no KustoServiceError past truncationmaxrecords")
    props.set_option("notruncation", True)
    assert len(client.execute(db, "DeviceNetworkEvents", props).primary_results[0].raw_rows) == 3000


def server_timeout():
    # The client waits servertimeout + 30 s; the server stops the query at servertimeout.
    props = ClientRequestProperties()
    props.set_option("servertimeout", timedelta(seconds=1))
    try:
        client.execute(db, "range x from 1 to 100000000 step 1 | extend y = x * 2 | summarize count(), sum(y)", props)
    except KustoServiceError as e:
        assert "time limit" in str(e), str(e)
        return
    raise AssertionError("no KustoServiceError past servertimeout")


for name, fn in [("query_to_pandas", query_to_pandas), ("typed_columns", typed_columns), ("founding_hunt", founding_hunt),
                 ("show_tables", show_tables), ("table_schema", table_schema), ("error_query", error_query),
                 ("truncation", truncation), ("server_timeout", server_timeout)]:
    check(name, fn)
sys.exit(1 if failures else 0)
