// QuarryIO — files in, typed tables out.
//
// Enters: paths to exported Defender / Sentinel telemetry (a file, a folder of one table, or a
// folder of tables). Leaves: `KQLColumns.Table`s (schema + batches of 65,536 rows of typed
// columns) and a `ReadReport` (files, rows, skipped rows per file, warnings, inferred types).
//
//   Catalog/catalog.json  Documented schemas (bundled resource, loaded lazily): each Device* table
//                         in its Advanced Hunting form (Timestamp; AdditionalFields as string) and
//                         its Sentinel / Log Analytics form (TimeGenerated, TenantId, Type,
//                         SourceSystem, MachineGroup, _BilledSize, _IsBillable; JSON columns as
//                         dynamic). Source: shared/docs/telemetry.md §1–2.
//   Schema/               SchemaCatalog: table lookup, form choice from a file's columns,
//                         Streaming `category` and folder names → table.
//   Readers/              TableReader (entry points, format detection by content, directory
//                         binding), CSVReader, JSONRecordReader (JSON Lines, Streaming API records
//                         and {"records":[…]} bodies, Log Analytics export rows, arrays,
//                         Advanced Hunting API and Log Analytics query API responses),
//                         ColumnSink / TableBuilder (typed accumulation with row rollback),
//                         TypeInference (types of columns the catalog does not know).
//   Generate/             SyntheticDeviceNetworkEvents: deterministic synthetic data in every
//                         shape the readers accept.
//
// Invariants: a row that is not read is either a ReadError (file, physical line, character
// column) or counted in ReadReport.skippedRows — nothing is dropped silently. Numbers and
// datetimes are parsed straight from the file bytes; strings are copied once, into the column.
