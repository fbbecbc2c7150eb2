CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE site (
	id VARCHAR(36) NOT NULL, 
	code VARCHAR(32) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	province_code VARCHAR(8), 
	district_code VARCHAR(8), 
	commune_code VARCHAR(8), 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_site PRIMARY KEY (id), 
	CONSTRAINT uq_site_code UNIQUE (code)
);
CREATE TABLE vaccine_product (
	code VARCHAR(32) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	manufacturer VARCHAR(200) NOT NULL, 
	eu_mp VARCHAR(64) NOT NULL, 
	eu_ma VARCHAR(128) NOT NULL, 
	eu_vp VARCHAR(32) NOT NULL, 
	primary_doses INTEGER NOT NULL, 
	active BOOLEAN NOT NULL, 
	CONSTRAINT pk_vaccine_product PRIMARY KEY (code)
);
CREATE TABLE lot (
	id VARCHAR(36) NOT NULL, 
	product_code VARCHAR(32) NOT NULL, 
	lot_number VARCHAR(64) NOT NULL, 
	expiry_date DATE, 
	CONSTRAINT pk_lot PRIMARY KEY (id), 
	CONSTRAINT fk_lot_product_code_vaccine_product FOREIGN KEY(product_code) REFERENCES vaccine_product (code), 
	CONSTRAINT uq_lot_product UNIQUE (product_code, lot_number)
);
CREATE TABLE person (
	id VARCHAR(36) NOT NULL, 
	site_id VARCHAR(36) NOT NULL, 
	full_name VARCHAR(200) NOT NULL, 
	name_key VARCHAR(200) NOT NULL, 
	dob DATE, 
	sex VARCHAR(1), 
	id_type VARCHAR(16) NOT NULL, 
	id_number VARCHAR(32), 
	no_id_reason VARCHAR(32), 
	nationality VARCHAR(3), 
	phone VARCHAR(16), 
	address TEXT, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, cleaning_reason VARCHAR(200), identity_verified BOOLEAN DEFAULT 0 NOT NULL, merged_into VARCHAR(36), last_dose_number INTEGER, last_dose_date DATE, last_product_code VARCHAR(32), old_id_number VARCHAR(32), import_batch_id INTEGER, 
	CONSTRAINT pk_person PRIMARY KEY (id), 
	CONSTRAINT ck_person_ck_person_sex CHECK (sex IN ('M', 'F')), 
	CONSTRAINT ck_person_ck_person_id_type CHECK (id_type IN ('CCCD', 'CMND', 'PASSPORT', 'NONE')), 
	CONSTRAINT fk_person_site_id_site FOREIGN KEY(site_id) REFERENCES site (id)
);
CREATE TABLE dose (
	id VARCHAR(36) NOT NULL, 
	person_id VARCHAR(36) NOT NULL, 
	site_id VARCHAR(36) NOT NULL, 
	product_code VARCHAR(32) NOT NULL, 
	lot_number VARCHAR(64), 
	dose_number INTEGER NOT NULL, 
	dose_date DATE NOT NULL, 
	vaccinator VARCHAR(200), 
	recorded_by VARCHAR(36), 
	source VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	void_reason TEXT, 
	entered_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, facility_name VARCHAR(200), import_batch_id INTEGER, 
	CONSTRAINT pk_dose PRIMARY KEY (id), 
	CONSTRAINT ck_dose_ck_dose_status CHECK (status IN ('active', 'voided')), 
	CONSTRAINT ck_dose_ck_dose_source CHECK (source IN ('desk', 'backfill', 'import')), 
	CONSTRAINT ck_dose_ck_dose_void_reason CHECK (status = 'active' OR void_reason IS NOT NULL), 
	CONSTRAINT fk_dose_person_id_person FOREIGN KEY(person_id) REFERENCES person (id), 
	CONSTRAINT fk_dose_site_id_site FOREIGN KEY(site_id) REFERENCES site (id), 
	CONSTRAINT fk_dose_product_code_vaccine_product FOREIGN KEY(product_code) REFERENCES vaccine_product (code), 
	CONSTRAINT fk_dose_recorded_by_app_user FOREIGN KEY(recorded_by) REFERENCES app_user (id)
);
CREATE TABLE audit_entry (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	user_id VARCHAR(36), 
	action VARCHAR(16) NOT NULL, 
	entity VARCHAR(16) NOT NULL, 
	entity_id VARCHAR(36) NOT NULL, 
	details TEXT, prev_hash VARCHAR(64), hash VARCHAR(64), 
	CONSTRAINT pk_audit_entry PRIMARY KEY (id), 
	CONSTRAINT fk_audit_entry_user_id_app_user FOREIGN KEY(user_id) REFERENCES app_user (id)
);
CREATE TABLE setting (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_setting PRIMARY KEY ("key")
);
CREATE TABLE sync_record (
	entity VARCHAR(16) NOT NULL, 
	record_id VARCHAR(36) NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	local_version INTEGER NOT NULL, 
	synced_version INTEGER NOT NULL, 
	server_version VARCHAR(64), 
	last_error TEXT, 
	attempts INTEGER NOT NULL, 
	changed_at DATETIME NOT NULL, 
	server_received_at DATETIME, server_body TEXT, sent_version INTEGER, sent_digests TEXT, foreign_body TEXT, 
	CONSTRAINT pk_sync_record PRIMARY KEY (entity, record_id), 
	CONSTRAINT ck_sync_record_ck_sync_record_state CHECK (state IN ('pending', 'sending', 'synced', 'rejected', 'conflict'))
);
CREATE TABLE sync_counter (
	state VARCHAR(16) NOT NULL, 
	n INTEGER NOT NULL, 
	CONSTRAINT pk_sync_counter PRIMARY KEY (state)
);
CREATE TABLE audit_head (
	id INTEGER NOT NULL, 
	n INTEGER NOT NULL, 
	last_id INTEGER, 
	hash VARCHAR(64), 
	CONSTRAINT pk_audit_head PRIMARY KEY (id)
);
CREATE TABLE "app_user" (
	id VARCHAR(36) NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	full_name VARCHAR(200) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	active BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	password_hash VARCHAR(200), 
	failed_logins INTEGER DEFAULT '0' NOT NULL, 
	last_failed_at DATETIME, 
	CONSTRAINT pk_app_user PRIMARY KEY (id), 
	CONSTRAINT uq_app_user_username UNIQUE (username), 
	CONSTRAINT ck_app_user_ck_app_user_role CHECK (role IN ('clerk', 'volunteer', 'supervisor'))
);
CREATE TABLE cleaning_case (
	person_id VARCHAR(36) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	status_at DATETIME NOT NULL, 
	status_by VARCHAR(36), 
	sent_at DATETIME, 
	register_verdict VARCHAR(16), 
	register_fields VARCHAR(64), 
	register_checked_at DATETIME, 
	register_version INTEGER, 
	CONSTRAINT pk_cleaning_case PRIMARY KEY (person_id), 
	CONSTRAINT ck_cleaning_case_ck_cleaning_case_status CHECK (status IN ('to_check', 'contacted', 'sent', 'returned', 'fixed', 'cannot_verify')), 
	CONSTRAINT fk_cleaning_case_person_id_person FOREIGN KEY(person_id) REFERENCES person (id), 
	CONSTRAINT fk_cleaning_case_status_by_app_user FOREIGN KEY(status_by) REFERENCES app_user (id)
);
CREATE TABLE external_dose (
	id VARCHAR(64) NOT NULL, 
	person_id VARCHAR(36) NOT NULL, 
	site_code VARCHAR(32), 
	product_code VARCHAR(32) NOT NULL, 
	dose_number INTEGER NOT NULL, 
	dose_date DATE NOT NULL, 
	lot_number VARCHAR(64), 
	fetched_at DATETIME NOT NULL, 
	CONSTRAINT pk_external_dose PRIMARY KEY (id), 
	CONSTRAINT fk_external_dose_person_id_person FOREIGN KEY(person_id) REFERENCES person (id)
);
CREATE TABLE complaint (
	local_id VARCHAR(36) NOT NULL, 
	code VARCHAR(16), 
	kind VARCHAR(24) NOT NULL, 
	id_number VARCHAR(32) NOT NULL, 
	full_name VARCHAR(200) NOT NULL, 
	dob DATE, 
	phone VARCHAR(16) NOT NULL, 
	dose_number INTEGER, 
	dose_date DATE, 
	place VARCHAR(200) NOT NULL, 
	commune_code VARCHAR(8), 
	text TEXT NOT NULL, 
	channel VARCHAR(8) NOT NULL, 
	received_at DATETIME NOT NULL, 
	route VARCHAR(16), 
	site_code VARCHAR(32), 
	status VARCHAR(16) NOT NULL, 
	escalated BOOLEAN NOT NULL, 
	changed_at DATETIME NOT NULL, 
	person_id VARCHAR(36), 
	action VARCHAR(16), 
	note TEXT, 
	resolved_by VARCHAR(200), 
	resolved_at DATETIME, 
	resolution_person_id VARCHAR(36), 
	dose_ids TEXT, 
	merged_id VARCHAR(36), 
	send_state VARCHAR(24) NOT NULL, 
	send_problem VARCHAR(64), province_reply TEXT, central_resolution TEXT, hand_back TEXT, hand_back_state VARCHAR(16), hand_back_problem VARCHAR(64), answer_reached_at DATETIME, moved_here TEXT, reopen TEXT, reopen_state VARCHAR(16), reopen_problem VARCHAR(64), reopened_at DATETIME, 
	CONSTRAINT pk_complaint PRIMARY KEY (local_id), 
	CONSTRAINT ck_complaint_ck_complaint_send_state CHECK (send_state IN ('none', 'hotline_to_send', 'resolution_to_send', 'sent', 'conflict')), 
	CONSTRAINT fk_complaint_person_id_person FOREIGN KEY(person_id) REFERENCES person (id), 
	CONSTRAINT uq_complaint_code UNIQUE (code)
);
CREATE TABLE certificate_issue (
	uvci VARCHAR(80) NOT NULL, 
	person_id VARCHAR(36) NOT NULL, 
	dose_id VARCHAR(36) NOT NULL, 
	issued_at DATETIME NOT NULL, 
	issued_by VARCHAR(36), 
	kid VARCHAR(16) NOT NULL, 
	revoked_at DATETIME, 
	revoke_reason VARCHAR(32), 
	revocation_sent_at DATETIME, printed_at DATETIME, 
	CONSTRAINT pk_certificate_issue PRIMARY KEY (uvci), 
	CONSTRAINT fk_certificate_issue_person_id_person FOREIGN KEY(person_id) REFERENCES person (id), 
	CONSTRAINT fk_certificate_issue_dose_id_dose FOREIGN KEY(dose_id) REFERENCES dose (id), 
	CONSTRAINT fk_certificate_issue_issued_by_app_user FOREIGN KEY(issued_by) REFERENCES app_user (id)
);
CREATE TABLE report_dose_day (
	dose_date DATE NOT NULL, 
	product_code VARCHAR(32) NOT NULL, 
	dose_number INTEGER NOT NULL, 
	age INTEGER NOT NULL, 
	n INTEGER NOT NULL, 
	CONSTRAINT pk_report_dose_day PRIMARY KEY (dose_date, product_code, dose_number, age)
);
CREATE TABLE report_sync_day (
	dose_date DATE NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	n INTEGER NOT NULL, 
	CONSTRAINT pk_report_sync_day PRIMARY KEY (dose_date, state)
);
CREATE TABLE screening (
	id VARCHAR(36) NOT NULL, 
	person_id VARCHAR(36) NOT NULL, 
	screened_at DATETIME NOT NULL, 
	answers TEXT NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	reason TEXT, 
	screened_by VARCHAR(36), void_reason TEXT, 
	CONSTRAINT pk_screening PRIMARY KEY (id), 
	CONSTRAINT ck_screening_ck_screening_outcome CHECK (outcome IN ('eligible', 'postpone', 'refer')), 
	CONSTRAINT fk_screening_person_id_person FOREIGN KEY(person_id) REFERENCES person (id)
);
CREATE TABLE observation (
	dose_id VARCHAR(36) NOT NULL, 
	started_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	CONSTRAINT pk_observation PRIMARY KEY (dose_id), 
	CONSTRAINT fk_observation_dose_id_dose FOREIGN KEY(dose_id) REFERENCES dose (id)
);
CREATE TABLE dose_reaction (
	id VARCHAR(36) NOT NULL, 
	dose_id VARCHAR(36) NOT NULL, 
	severity VARCHAR(8) NOT NULL, 
	onset_at DATETIME NOT NULL, 
	description TEXT NOT NULL, 
	action_taken TEXT NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	recorded_by VARCHAR(36), 
	CONSTRAINT pk_dose_reaction PRIMARY KEY (id), 
	CONSTRAINT ck_dose_reaction_ck_dose_reaction_severity CHECK (severity IN ('mild', 'serious')), 
	CONSTRAINT fk_dose_reaction_dose_id_dose FOREIGN KEY(dose_id) REFERENCES dose (id)
);
CREATE TABLE person_name_word (
            word TEXT NOT NULL, rank INTEGER NOT NULL, name_key TEXT NOT NULL, dob TEXT NOT NULL,
            person_id VARCHAR(36) NOT NULL,
            PRIMARY KEY (word, rank, name_key, dob, person_id)) WITHOUT ROWID;
CREATE TABLE person_name_word_count ( word TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE import_batch (
	id INTEGER NOT NULL, 
	file_name VARCHAR(260) NOT NULL, 
	sheet VARCHAR(200) NOT NULL, 
	site_id VARCHAR(36) NOT NULL, 
	user_id VARCHAR(36), 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	outcome VARCHAR(16) NOT NULL, 
	counts TEXT, 
	people INTEGER NOT NULL, 
	undone_at DATETIME, 
	undone_by VARCHAR(36), 
	CONSTRAINT pk_import_batch PRIMARY KEY (id), 
	CONSTRAINT ck_import_batch_ck_import_batch_outcome CHECK (outcome IN ('running', 'done', 'stopped', 'failed')), 
	CONSTRAINT fk_import_batch_site_id_site FOREIGN KEY(site_id) REFERENCES site (id), 
	CONSTRAINT fk_import_batch_user_id_app_user FOREIGN KEY(user_id) REFERENCES app_user (id), 
	CONSTRAINT fk_import_batch_undone_by_app_user FOREIGN KEY(undone_by) REFERENCES app_user (id)
);
CREATE TABLE report_changed_day (
	dose_date DATE NOT NULL, 
	changes INTEGER NOT NULL, 
	CONSTRAINT pk_report_changed_day PRIMARY KEY (dose_date)
);
CREATE TABLE elsewhere_check (
	person_id VARCHAR(36) NOT NULL, 
	confirmed_at DATETIME NOT NULL, 
	asked_at DATETIME NOT NULL, 
	CONSTRAINT pk_elsewhere_check PRIMARY KEY (person_id), 
	CONSTRAINT fk_elsewhere_check_person_id_person FOREIGN KEY(person_id) REFERENCES person (id)
);
CREATE TABLE login_name_wait (
	name_key VARCHAR(12) NOT NULL, 
	failed_logins INTEGER NOT NULL, 
	last_failed_at DATETIME NOT NULL, 
	wait_audited_until DATETIME, 
	CONSTRAINT pk_login_name_wait PRIMARY KEY (name_key)
);
INSERT INTO "alembic_version" VALUES ('0033');
INSERT INTO "sync_counter" VALUES ('conflict', 0);
INSERT INTO "sync_counter" VALUES ('pending', 0);
INSERT INTO "sync_counter" VALUES ('rejected', 0);
INSERT INTO "sync_counter" VALUES ('sending', 0);
INSERT INTO "sync_counter" VALUES ('synced', 0);
INSERT INTO "audit_head" VALUES (1, 0, NULL, '');
CREATE INDEX ix_person_id_number ON person (id_number);
CREATE INDEX ix_person_phone ON person (phone);
CREATE UNIQUE INDEX uq_dose_person_number_active ON dose (person_id, dose_number) WHERE status = 'active';
CREATE INDEX ix_dose_date ON dose (dose_date);
CREATE INDEX ix_audit_entity ON audit_entry (entity, entity_id);
CREATE INDEX ix_sync_record_state ON sync_record (state);
CREATE INDEX ix_person_needs_cleaning ON person (cleaning_reason) WHERE cleaning_reason IS NOT NULL;
CREATE INDEX ix_dose_product_date ON dose (product_code, dose_date, id);
CREATE INDEX ix_sync_record_queue ON sync_record (entity, state, changed_at);
CREATE INDEX ix_dose_person_date ON dose (person_id, dose_date, dose_number, product_code, status);
CREATE INDEX ix_cleaning_case_status ON cleaning_case (status, sent_at);
CREATE INDEX ix_external_dose_person ON external_dose (person_id, dose_date);
CREATE INDEX ix_person_special_id ON person (id_type) WHERE id_type IN ('PASSPORT', 'NONE');
CREATE INDEX ix_complaint_send_state ON complaint (send_state);
CREATE INDEX ix_complaint_id_number ON complaint (id_number);
CREATE INDEX ix_certificate_issue_person ON certificate_issue (person_id, revoked_at);
CREATE INDEX ix_certificate_issue_dose ON certificate_issue (dose_id);
CREATE INDEX ix_certificate_issue_unsent ON certificate_issue (revoked_at) WHERE revoked_at IS NOT NULL AND revocation_sent_at IS NULL;
CREATE INDEX ix_person_name_key ON person (name_key, dob, id, full_name, sex, id_type, id_number, phone, last_dose_number, last_dose_date, last_product_code) WHERE merged_into IS NULL;
CREATE INDEX ix_screening_screened_at ON screening (screened_at);
CREATE INDEX ix_screening_person_id ON screening (person_id, screened_at);
CREATE INDEX ix_observation_open ON observation (started_at) WHERE ended_at IS NULL;
CREATE INDEX ix_dose_reaction_dose_id ON dose_reaction (dose_id);
CREATE INDEX ix_dose_reaction_onset_at ON dose_reaction (onset_at);
CREATE INDEX ix_person_old_id_number ON person (old_id_number) WHERE old_id_number IS NOT NULL;
CREATE INDEX ix_person_phone_tail ON person (substr(phone, -4), phone) WHERE merged_into IS NULL AND phone IS NOT NULL;
CREATE INDEX ix_import_batch_started_at ON import_batch (started_at);
CREATE INDEX ix_dose_import_batch ON dose (import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX ix_login_name_wait_last_failed_at ON login_name_wait (last_failed_at);
CREATE INDEX ix_sync_record_foreign_unknown ON sync_record (entity, record_id) WHERE foreign_body = '?';
CREATE INDEX ix_audit_user ON audit_entry (user_id, id);
CREATE TRIGGER sync_counter_update AFTER UPDATE OF state ON sync_record
        WHEN OLD.state IS NOT NEW.state BEGIN
            UPDATE sync_counter SET n = n - 1 WHERE state = OLD.state;
            INSERT INTO sync_counter (state, n) VALUES (NEW.state, 1)
            ON CONFLICT (state) DO UPDATE SET n = n + 1;
        END;
CREATE TRIGGER sync_counter_delete AFTER DELETE ON sync_record BEGIN
            UPDATE sync_counter SET n = n - 1 WHERE state = OLD.state;
        END;
CREATE TRIGGER sync_counter_insert AFTER INSERT ON sync_record BEGIN
        UPDATE sync_counter SET n = n + 1 WHERE state = NEW.state;
    END;
CREATE TRIGGER audit_entry_chain AFTER INSERT ON audit_entry BEGIN
        UPDATE audit_entry SET
            prev_hash = (SELECT hash FROM audit_head WHERE id = 1),
            hash = vaxdesk_audit_hash((SELECT hash FROM audit_head WHERE id = 1), NEW.at,
                              NEW.user_id, NEW.action, NEW.entity, NEW.entity_id, NEW.details)
        WHERE id = NEW.id;
        UPDATE audit_head SET n = n + 1, last_id = NEW.id,
            hash = (SELECT hash FROM audit_entry WHERE id = NEW.id)
        WHERE id = 1;
    END;
CREATE TRIGGER report_dose_insert AFTER INSERT ON dose
        WHEN NEW.status = 'active' BEGIN 
        INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        VALUES (NEW.dose_date, NEW.product_code, NEW.dose_number,
                COALESCE(CAST(substr(NEW.dose_date, 1, 4) AS INTEGER) - CAST(substr((SELECT dob FROM person WHERE id = NEW.person_id), 1, 4) AS INTEGER) - (substr(NEW.dose_date, 6, 5) < substr((SELECT dob FROM person WHERE id = NEW.person_id), 6, 5)), -1), 1)
        ON CONFLICT DO UPDATE SET n = n + 1; 
        INSERT INTO report_sync_day (dose_date, state, n)
        SELECT NEW.dose_date, CASE state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END, 1 FROM sync_record
        WHERE entity = 'dose' AND record_id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
        END;
CREATE TRIGGER report_dose_update_new AFTER UPDATE OF status, dose_date, product_code, dose_number, person_id ON dose
        WHEN NEW.status = 'active' BEGIN 
        INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        VALUES (NEW.dose_date, NEW.product_code, NEW.dose_number,
                COALESCE(CAST(substr(NEW.dose_date, 1, 4) AS INTEGER) - CAST(substr((SELECT dob FROM person WHERE id = NEW.person_id), 1, 4) AS INTEGER) - (substr(NEW.dose_date, 6, 5) < substr((SELECT dob FROM person WHERE id = NEW.person_id), 6, 5)), -1), 1)
        ON CONFLICT DO UPDATE SET n = n + 1; 
        INSERT INTO report_sync_day (dose_date, state, n)
        SELECT NEW.dose_date, CASE state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END, 1 FROM sync_record
        WHERE entity = 'dose' AND record_id = NEW.id
        ON CONFLICT DO UPDATE SET n = n + 1;
        END;
CREATE TRIGGER report_sync_insert AFTER INSERT ON sync_record
        WHEN NEW.entity = 'dose' BEGIN 
        INSERT INTO report_sync_day (dose_date, state, n)
        SELECT dose_date, CASE NEW.state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END, 1 FROM dose WHERE id = NEW.record_id AND status = 'active'
        ON CONFLICT DO UPDATE SET n = n + 1;
        END;
CREATE TRIGGER report_sync_update AFTER UPDATE OF state ON sync_record
        WHEN NEW.entity = 'dose'
         AND CASE OLD.state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END IS NOT CASE NEW.state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END BEGIN
            
        UPDATE report_sync_day SET n = n - 1
        WHERE state = CASE OLD.state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END AND dose_date = (
            SELECT dose_date FROM dose WHERE id = OLD.record_id AND status = 'active'); 
        INSERT INTO report_sync_day (dose_date, state, n)
        SELECT dose_date, CASE NEW.state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END, 1 FROM dose WHERE id = NEW.record_id AND status = 'active'
        ON CONFLICT DO UPDATE SET n = n + 1;
        END;
CREATE TRIGGER report_sync_delete AFTER DELETE ON sync_record
        WHEN OLD.entity = 'dose' BEGIN 
        UPDATE report_sync_day SET n = n - 1
        WHERE state = CASE OLD.state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END AND dose_date = (
            SELECT dose_date FROM dose WHERE id = OLD.record_id AND status = 'active');
        END;
CREATE TRIGGER person_last_dose_insert AFTER INSERT ON dose
        WHEN NEW.status = 'active' BEGIN
            UPDATE person SET last_dose_number = NEW.dose_number,
                              last_dose_date = NEW.dose_date,
                              last_product_code = NEW.product_code
            WHERE id = NEW.person_id
              AND (last_dose_date IS NULL
                   OR (NEW.dose_date, NEW.dose_number) >= (last_dose_date, last_dose_number));
        END;
CREATE TRIGGER person_last_dose_update
        AFTER UPDATE OF status, dose_date, dose_number, product_code, person_id ON dose BEGIN
            
    UPDATE person SET (last_dose_number, last_dose_date, last_product_code) = (
        SELECT d.dose_number, d.dose_date, d.product_code FROM dose d
        WHERE d.person_id = person.id AND d.status = 'active'
        ORDER BY d.dose_date DESC, d.dose_number DESC LIMIT 1)
    WHERE id IN (OLD.person_id, NEW.person_id);
        END;
CREATE TRIGGER person_last_dose_delete AFTER DELETE ON dose BEGIN
            
    UPDATE person SET (last_dose_number, last_dose_date, last_product_code) = (
        SELECT d.dose_number, d.dose_date, d.product_code FROM dose d
        WHERE d.person_id = person.id AND d.status = 'active'
        ORDER BY d.dose_date DESC, d.dose_number DESC LIMIT 1)
    WHERE id IN (OLD.person_id);
        END;
CREATE TRIGGER person_name_word_insert AFTER INSERT ON person
        WHEN NEW.merged_into IS NULL BEGIN INSERT OR IGNORE INTO person_name_word (word, rank, name_key, dob, person_id)
    SELECT w.value, CASE WHEN w.key = json_array_length('["' || replace(NEW.name_key, ' ', '","') || '"]') - 1 THEN 0 ELSE 1 END,
           NEW.name_key, coalesce(NEW.dob, ''), NEW.id
    FROM json_each('["' || replace(NEW.name_key, ' ', '","') || '"]') AS w WHERE w.value <> ''; 
    INSERT INTO person_name_word_count (word, n)
    SELECT DISTINCT value, 1 FROM json_each('["' || replace(NEW.name_key, ' ', '","') || '"]')
    WHERE value <> '' 
    ON CONFLICT (word) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER person_name_word_update
        AFTER UPDATE OF name_key, dob, merged_into ON person BEGIN
            
    UPDATE person_name_word_count SET n = n - 1
    WHERE word IN (SELECT value FROM json_each('["' || replace(OLD.name_key, ' ', '","') || '"]')) AND OLD.merged_into IS NULL;
            
    DELETE FROM person_name_word
    WHERE word IN (SELECT value FROM json_each('["' || replace(OLD.name_key, ' ', '","') || '"]'))
      AND rank IN (0, 1) AND name_key = OLD.name_key AND dob = coalesce(OLD.dob, '')
      AND person_id = OLD.id;
            INSERT OR IGNORE INTO person_name_word (word, rank, name_key, dob, person_id)
    SELECT w.value, CASE WHEN w.key = json_array_length('["' || replace(NEW.name_key, ' ', '","') || '"]') - 1 THEN 0 ELSE 1 END,
           NEW.name_key, coalesce(NEW.dob, ''), NEW.id
    FROM json_each('["' || replace(NEW.name_key, ' ', '","') || '"]') AS w WHERE w.value <> '' AND NEW.merged_into IS NULL;
            
    INSERT INTO person_name_word_count (word, n)
    SELECT DISTINCT value, 1 FROM json_each('["' || replace(NEW.name_key, ' ', '","') || '"]')
    WHERE value <> '' AND NEW.merged_into IS NULL
    ON CONFLICT (word) DO UPDATE SET n = n + 1;
        END;
CREATE TRIGGER person_name_word_delete AFTER DELETE ON person BEGIN
            
    UPDATE person_name_word_count SET n = n - 1
    WHERE word IN (SELECT value FROM json_each('["' || replace(OLD.name_key, ' ', '","') || '"]')) AND OLD.merged_into IS NULL;
            
    DELETE FROM person_name_word
    WHERE word IN (SELECT value FROM json_each('["' || replace(OLD.name_key, ' ', '","') || '"]'))
      AND rank IN (0, 1) AND name_key = OLD.name_key AND dob = coalesce(OLD.dob, '')
      AND person_id = OLD.id;
        END;
CREATE TRIGGER report_dose_update_old AFTER UPDATE OF status, dose_date, product_code, dose_number, person_id ON dose
        WHEN OLD.status = 'active' BEGIN 
        INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        VALUES (OLD.dose_date, OLD.product_code, OLD.dose_number,
                COALESCE(CAST(substr(OLD.dose_date, 1, 4) AS INTEGER) - CAST(substr((SELECT dob FROM person WHERE id = OLD.person_id), 1, 4) AS INTEGER) - (substr(OLD.dose_date, 6, 5) < substr((SELECT dob FROM person WHERE id = OLD.person_id), 6, 5)), -1), -1)
        ON CONFLICT DO UPDATE SET n = n - 1;
        
        UPDATE report_sync_day SET n = n - 1
        WHERE dose_date = OLD.dose_date AND state = (
            SELECT CASE state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END FROM sync_record
            WHERE entity = 'dose' AND record_id = OLD.id);
        END;
CREATE TRIGGER report_dose_delete AFTER DELETE ON dose
        WHEN OLD.status = 'active' BEGIN 
        INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        VALUES (OLD.dose_date, OLD.product_code, OLD.dose_number,
                COALESCE(CAST(substr(OLD.dose_date, 1, 4) AS INTEGER) - CAST(substr((SELECT dob FROM person WHERE id = OLD.person_id), 1, 4) AS INTEGER) - (substr(OLD.dose_date, 6, 5) < substr((SELECT dob FROM person WHERE id = OLD.person_id), 6, 5)), -1), -1)
        ON CONFLICT DO UPDATE SET n = n - 1;
        
        UPDATE report_sync_day SET n = n - 1
        WHERE dose_date = OLD.dose_date AND state = (
            SELECT CASE state WHEN 'synced' THEN 'synced' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END FROM sync_record
            WHERE entity = 'dose' AND record_id = OLD.id);
        END;
CREATE TRIGGER report_person_dob AFTER UPDATE OF dob ON person
        WHEN OLD.dob IS NOT NEW.dob BEGIN 
        INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        SELECT d.dose_date, d.product_code, d.dose_number,
               COALESCE(CAST(substr(d.dose_date, 1, 4) AS INTEGER) - CAST(substr(OLD.dob, 1, 4) AS INTEGER) - (substr(d.dose_date, 6, 5) < substr(OLD.dob, 6, 5)), -1), -count(*)
        FROM dose d WHERE d.person_id = NEW.id AND d.status = 'active'
        GROUP BY 1, 2, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
        
        INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)
        SELECT d.dose_date, d.product_code, d.dose_number,
               COALESCE(CAST(substr(d.dose_date, 1, 4) AS INTEGER) - CAST(substr(NEW.dob, 1, 4) AS INTEGER) - (substr(d.dose_date, 6, 5) < substr(NEW.dob, 6, 5)), -1), count(*)
        FROM dose d WHERE d.person_id = NEW.id AND d.status = 'active'
        GROUP BY 1, 2, 3, 4
        ON CONFLICT DO UPDATE SET n = n + excluded.n;
        END;
CREATE TRIGGER report_dose_day_changed_insert
        AFTER INSERT ON report_dose_day BEGIN
        INSERT INTO report_changed_day (dose_date, changes) VALUES (NEW.dose_date, 1)
        ON CONFLICT DO UPDATE SET changes = changes + 1;
        END;
CREATE TRIGGER report_dose_day_changed_update
        AFTER UPDATE OF n ON report_dose_day BEGIN
        INSERT INTO report_changed_day (dose_date, changes) VALUES (NEW.dose_date, 1)
        ON CONFLICT DO UPDATE SET changes = changes + 1;
        END;
CREATE TRIGGER report_dose_day_changed_delete
        AFTER DELETE ON report_dose_day BEGIN
        INSERT INTO report_changed_day (dose_date, changes) VALUES (OLD.dose_date, 1)
        ON CONFLICT DO UPDATE SET changes = changes + 1;
        END;
CREATE TRIGGER report_sync_day_changed_insert
        AFTER INSERT ON report_sync_day BEGIN
        INSERT INTO report_changed_day (dose_date, changes) VALUES (NEW.dose_date, 1)
        ON CONFLICT DO UPDATE SET changes = changes + 1;
        END;
CREATE TRIGGER report_sync_day_changed_update
        AFTER UPDATE OF n ON report_sync_day BEGIN
        INSERT INTO report_changed_day (dose_date, changes) VALUES (NEW.dose_date, 1)
        ON CONFLICT DO UPDATE SET changes = changes + 1;
        END;
CREATE TRIGGER report_sync_day_changed_delete
        AFTER DELETE ON report_sync_day BEGIN
        INSERT INTO report_changed_day (dose_date, changes) VALUES (OLD.dose_date, 1)
        ON CONFLICT DO UPDATE SET changes = changes + 1;
        END;
