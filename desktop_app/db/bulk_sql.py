"""The INSERT statements of bulk imports, shared by the thread and the process writer.
Plain strings, no imports: the writer process loads this and nothing else of the app."""

PERSON_COLUMNS = ("id", "site_id", "full_name", "name_key", "dob", "sex", "id_type",
                  "id_number", "nationality", "phone", "address", "created_at", "updated_at",
                  "cleaning_reason")
DOSE_COLUMNS = ("id", "person_id", "site_id", "product_code", "lot_number", "dose_number",
                "dose_date", "source", "status", "facility_name", "entered_at", "updated_at")
PERSON_INSERT = (f"INSERT INTO person ({', '.join(PERSON_COLUMNS)}, identity_verified) "
                 f"VALUES ({', '.join('?' * len(PERSON_COLUMNS))}, 0)")
DOSE_INSERT = (f"INSERT INTO dose ({', '.join(DOSE_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(DOSE_COLUMNS))})")
OUTBOX_INSERT = ("INSERT INTO sync_record (entity, record_id, state, local_version,"
                 " synced_version, attempts, changed_at) VALUES (?, ?, 'pending', 1, 0, 0, ?)")
AUDIT_INSERT = ("INSERT INTO audit_entry (at, action, entity, entity_id, details)"
                " VALUES (?, ?, ?, ?, ?)")
