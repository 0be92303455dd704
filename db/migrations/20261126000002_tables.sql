-- migrate:up

-- Every clinic table: clinic_id first, primary key (clinic_id, id), UUID ids,
-- foreign keys that carry clinic_id (foreign-key checks bypass row-level
-- security, so a key without clinic_id could point into another clinic), and
-- uniqueness per clinic. clinic_id defaults to the transaction's clinic, so
-- Go code never chooses it. Policies are in policies/, one file per table.

CREATE TABLE clinics (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                varchar(200) NOT NULL CHECK (btrim(name) <> ''),
    slug                varchar(63)  NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'),
    code                varchar(12)  NOT NULL CHECK (code ~ '^[A-Z0-9]{2,12}$'),
    address             varchar(500) NOT NULL DEFAULT '',
    city                varchar(100) NOT NULL DEFAULT '',
    state               varchar(100) NOT NULL DEFAULT '',
    postal_code         varchar(20)  NOT NULL DEFAULT '',
    phone               varchar(30)  NOT NULL DEFAULT '',
    email               varchar(254) NOT NULL DEFAULT '',
    registration_number varchar(100) NOT NULL DEFAULT '',
    timezone            varchar(64)  NOT NULL DEFAULT 'Asia/Kolkata',
    subscription_status varchar(16)  NOT NULL DEFAULT 'trial'
        CHECK (subscription_status IN ('trial', 'active', 'expired', 'suspended')),
    subscription_ends_on date,
    max_doctors         integer NOT NULL DEFAULT 10  CHECK (max_doctors >= 0),
    max_patients        integer NOT NULL DEFAULT 10000 CHECK (max_patients >= 0),
    max_receptionists   integer NOT NULL DEFAULT 5   CHECK (max_receptionists >= 0),
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- A clinic is its own tenant: clinic_id mirrors id so every table,
    -- this one included, is keyed and distributed the same way.
    clinic_id           uuid GENERATED ALWAYS AS (id) STORED NOT NULL
);

CREATE TABLE users (
    clinic_id     uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    display_name  varchar(200) NOT NULL CHECK (btrim(display_name) <> ''),
    email         varchar(254) NOT NULL DEFAULT '',
    phone         varchar(30)  NOT NULL DEFAULT '',
    role          varchar(16)  NOT NULL
        CHECK (role IN ('admin', 'doctor', 'receptionist', 'lab_tech', 'patient')),
    oidc_issuer   varchar(500),
    oidc_subject  varchar(255),
    active        boolean NOT NULL DEFAULT true,
    last_login_at timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    -- One identity is one membership per clinic, bound only as a pair.
    UNIQUE (clinic_id, oidc_issuer, oidc_subject),
    CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))
);
CREATE UNIQUE INDEX users_clinic_email_key ON users (clinic_id, lower(email)) WHERE email <> '';
-- Not per clinic on purpose: the login lookup finds an identity's
-- memberships across clinics (app.identity_memberships, SECURITY DEFINER).
CREATE INDEX users_identity_idx ON users (oidc_issuer, oidc_subject) WHERE oidc_issuer IS NOT NULL;

CREATE TABLE patients (
    clinic_id        uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    patient_number   varchar(40)  NOT NULL,
    legacy_id        varchar(40),
    name             varchar(200) NOT NULL CHECK (btrim(name) <> ''),
    -- Lower-cased, "C"-collated copy of name: prefix search compares it with
    -- >= and <, which are leakproof and so can use the index under RLS
    -- (LIKE cannot).
    name_search      text COLLATE "C" GENERATED ALWAYS AS (lower(name)) STORED,
    date_of_birth    date CHECK (date_of_birth > '1880-01-01'),
    age_years        smallint CHECK (age_years BETWEEN 0 AND 150),
    sex              varchar(8) NOT NULL DEFAULT 'unknown'
        CHECK (sex IN ('male', 'female', 'other', 'unknown')),
    phone            varchar(30)  NOT NULL DEFAULT '',
    -- Digits only, for search by phone whatever the formatting.
    phone_digits     text COLLATE "C" GENERATED ALWAYS AS (regexp_replace(phone, '[^0-9]', '', 'g')) STORED,
    email            varchar(254) NOT NULL DEFAULT '',
    address          varchar(500) NOT NULL DEFAULT '',
    weight_kg        numeric(5, 2) CHECK (weight_kg > 0 AND weight_kg < 700),
    blood_group      varchar(8) NOT NULL DEFAULT 'unknown'
        CHECK (blood_group IN ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-', 'unknown')),
    allergies        varchar(2000) NOT NULL DEFAULT '',
    emergency_contact_name  varchar(200) NOT NULL DEFAULT '',
    emergency_contact_phone varchar(30)  NOT NULL DEFAULT '',
    status           varchar(20) NOT NULL DEFAULT 'registered'
        CHECK (status IN ('registered', 'in_diagnosis', 'treatment_started', 'discharged')),
    registered_by    uuid,
    user_id          uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, patient_number),
    UNIQUE (clinic_id, legacy_id),
    UNIQUE (clinic_id, user_id),
    FOREIGN KEY (clinic_id, registered_by) REFERENCES users (clinic_id, id),
    FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id)
);
CREATE INDEX patients_name_search_idx ON patients (clinic_id, name_search);
CREATE INDEX patients_phone_idx ON patients (clinic_id, phone_digits) WHERE phone_digits <> '';
CREATE INDEX patients_created_idx ON patients (clinic_id, created_at DESC, id DESC);

CREATE TABLE doctors (
    clinic_id      uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    specialization varchar(200) NOT NULL DEFAULT '',
    qualification  varchar(200) NOT NULL DEFAULT '',
    license_number varchar(64)  NOT NULL CHECK (btrim(license_number) <> ''),
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, license_number),
    UNIQUE (clinic_id, user_id),
    FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id)
);

-- Per-clinic counters: patient numbers per year, queue tokens per day.
-- A row is locked by the increment, so numbers are gapless and a rolled
-- back registration gives its number back.
CREATE TABLE clinic_counters (
    clinic_id uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    counter   varchar(32) NOT NULL CHECK (counter IN ('patient_number', 'visit_token')),
    period    varchar(10) NOT NULL,
    value     bigint NOT NULL CHECK (value > 0),
    PRIMARY KEY (clinic_id, counter, period)
);

CREATE TABLE patient_visits (
    clinic_id     uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id            uuid NOT NULL DEFAULT gen_random_uuid(),
    patient_id    uuid NOT NULL,
    doctor_id     uuid,
    checked_in_by uuid,
    checked_in_at timestamptz NOT NULL DEFAULT now(),
    -- The clinic-local day of the check-in: the queue is per day.
    visit_date    date NOT NULL,
    token         integer NOT NULL CHECK (token > 0),
    purpose       varchar(500) NOT NULL DEFAULT '',
    priority      varchar(12) NOT NULL DEFAULT 'normal'
        CHECK (priority IN ('normal', 'urgent', 'emergency')),
    status        varchar(20) NOT NULL DEFAULT 'checked_in'
        CHECK (status IN ('checked_in', 'in_consultation', 'completed', 'cancelled')),
    started_at    timestamptz,
    completed_at  timestamptz,
    cancelled_at  timestamptz,
    cancel_reason varchar(500) NOT NULL DEFAULT '',
    bp_systolic   smallint CHECK (bp_systolic BETWEEN 30 AND 300),
    bp_diastolic  smallint CHECK (bp_diastolic BETWEEN 10 AND 200),
    pulse         smallint CHECK (pulse BETWEEN 10 AND 300),
    temperature_c numeric(4, 1) CHECK (temperature_c BETWEEN 25 AND 45),
    spo2          smallint CHECK (spo2 BETWEEN 0 AND 100),
    blood_sugar   numeric(5, 1) CHECK (blood_sugar BETWEEN 0 AND 2000),
    weight_kg     numeric(5, 2) CHECK (weight_kg > 0 AND weight_kg < 700),
    notes         varchar(2000) NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, visit_date, token),
    -- Lets child rows prove they belong to the same patient as the visit.
    UNIQUE (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
    FOREIGN KEY (clinic_id, doctor_id) REFERENCES doctors (clinic_id, id),
    FOREIGN KEY (clinic_id, checked_in_by) REFERENCES users (clinic_id, id)
);
-- One open visit per patient: two receptionists checking in the same
-- patient at once cannot both succeed.
CREATE UNIQUE INDEX patient_visits_one_open_idx ON patient_visits (clinic_id, patient_id)
    WHERE status IN ('checked_in', 'in_consultation');
CREATE INDEX patient_visits_queue_idx ON patient_visits (clinic_id, visit_date, doctor_id, status);
CREATE INDEX patient_visits_patient_idx ON patient_visits (clinic_id, patient_id, checked_in_at DESC);

CREATE TABLE medicines (
    clinic_id             uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id                    uuid NOT NULL DEFAULT gen_random_uuid(),
    name                  varchar(200) NOT NULL CHECK (btrim(name) <> ''),
    name_search           text COLLATE "C" GENERATED ALWAYS AS (lower(name)) STORED,
    generic_name          varchar(200) NOT NULL DEFAULT '',
    form                  varchar(32)  NOT NULL DEFAULT 'tablet'
        CHECK (form IN ('tablet', 'capsule', 'syrup', 'injection', 'ointment', 'drops', 'inhaler', 'powder', 'other')),
    strength              varchar(64)  NOT NULL DEFAULT '',
    default_dose          varchar(64)  NOT NULL DEFAULT '',
    default_schedule      varchar(32)  NOT NULL DEFAULT '',
    default_duration_days smallint CHECK (default_duration_days BETWEEN 1 AND 365),
    active                boolean NOT NULL DEFAULT true,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, name, form, strength)
);
CREATE INDEX medicines_name_search_idx ON medicines (clinic_id, name_search);

CREATE TABLE prescriptions (
    clinic_id             uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id                    uuid NOT NULL DEFAULT gen_random_uuid(),
    patient_id            uuid NOT NULL,
    doctor_id             uuid NOT NULL,
    visit_id              uuid,
    status                varchar(12) NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'final', 'cancelled')),
    diagnosis             varchar(2000) NOT NULL DEFAULT '',
    advice                varchar(4000) NOT NULL DEFAULT '',
    admission_recommended boolean NOT NULL DEFAULT false,
    admission_reason      varchar(2000) NOT NULL DEFAULT '',
    follow_up_date        date,
    finalized_at          timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
    FOREIGN KEY (clinic_id, doctor_id) REFERENCES doctors (clinic_id, id),
    FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES patient_visits (clinic_id, id, patient_id),
    CHECK (status <> 'final' OR finalized_at IS NOT NULL)
);
CREATE INDEX prescriptions_patient_idx ON prescriptions (clinic_id, patient_id, created_at DESC);
CREATE INDEX prescriptions_visit_idx ON prescriptions (clinic_id, visit_id) WHERE visit_id IS NOT NULL;

-- The lines of a prescription: a clinic table like the others.
CREATE TABLE prescription_lines (
    clinic_id       uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    prescription_id uuid NOT NULL,
    position        smallint NOT NULL CHECK (position BETWEEN 1 AND 50),
    medicine_id     uuid,
    -- The name as prescribed: the catalog name, or free text.
    medicine_name   varchar(200) NOT NULL CHECK (btrim(medicine_name) <> ''),
    form            varchar(32)  NOT NULL DEFAULT '',
    dose            varchar(64)  NOT NULL DEFAULT '',
    schedule        varchar(32)  NOT NULL DEFAULT '',
    frequency       varchar(64)  NOT NULL DEFAULT '',
    duration_days   smallint CHECK (duration_days BETWEEN 1 AND 365),
    quantity        varchar(32)  NOT NULL DEFAULT '',
    food_instruction varchar(8)  NOT NULL DEFAULT 'any'
        CHECK (food_instruction IN ('before', 'after', 'with', 'any')),
    route           varchar(32)  NOT NULL DEFAULT 'oral',
    prn             boolean NOT NULL DEFAULT false,
    instructions    varchar(1000) NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, prescription_id, position),
    FOREIGN KEY (clinic_id, prescription_id) REFERENCES prescriptions (clinic_id, id) ON DELETE CASCADE,
    FOREIGN KEY (clinic_id, medicine_id) REFERENCES medicines (clinic_id, id)
);

-- The clinic's catalog of orderable tests.
CREATE TABLE test_catalog (
    clinic_id   uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    name        varchar(200) NOT NULL CHECK (btrim(name) <> ''),
    test_type   varchar(16)  NOT NULL
        CHECK (test_type IN ('blood', 'urine', 'x-ray', 'ultrasound', 'ecg', 'ct', 'mri', 'other')),
    description varchar(2000) NOT NULL DEFAULT '',
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, name)
);

CREATE TABLE tests (
    clinic_id       uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    patient_id      uuid NOT NULL,
    visit_id        uuid,
    prescription_id uuid,
    catalog_id      uuid,
    ordered_by      uuid,
    test_type       varchar(16) NOT NULL
        CHECK (test_type IN ('blood', 'urine', 'x-ray', 'ultrasound', 'ecg', 'ct', 'mri', 'other')),
    name            varchar(200) NOT NULL CHECK (btrim(name) <> ''),
    description     varchar(2000) NOT NULL DEFAULT '',
    urgency         varchar(8) NOT NULL DEFAULT 'routine' CHECK (urgency IN ('routine', 'urgent', 'stat')),
    status          varchar(12) NOT NULL DEFAULT 'ordered'
        CHECK (status IN ('ordered', 'collected', 'completed', 'cancelled')),
    ordered_at      timestamptz NOT NULL DEFAULT now(),
    collected_at    timestamptz,
    completed_at    timestamptz,
    cancelled_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
    FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES patient_visits (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, prescription_id, patient_id) REFERENCES prescriptions (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, catalog_id) REFERENCES test_catalog (clinic_id, id),
    FOREIGN KEY (clinic_id, ordered_by) REFERENCES users (clinic_id, id)
);
CREATE INDEX tests_patient_idx ON tests (clinic_id, patient_id, ordered_at DESC);
CREATE INDEX tests_status_idx ON tests (clinic_id, status, ordered_at);

CREATE TABLE test_reports (
    clinic_id         uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    test_id           uuid NOT NULL,
    -- Copied from the test (and held equal to it by the foreign key) so
    -- that "a patient sees their own records" is one comparison.
    patient_id        uuid NOT NULL,
    status            varchar(12) NOT NULL DEFAULT 'preliminary'
        CHECK (status IN ('preliminary', 'final', 'corrected')),
    performed_by      uuid,
    performed_at      timestamptz NOT NULL DEFAULT now(),
    verified_by       uuid,
    verified_at       timestamptz,
    notes             varchar(4000) NOT NULL DEFAULT '',
    file_content      bytea,
    file_content_type varchar(100),
    file_name         varchar(255),
    file_size         integer CHECK (file_size BETWEEN 0 AND 20971520),
    file_sha256       bytea CHECK (octet_length(file_sha256) = 32),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, test_id, patient_id) REFERENCES tests (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, performed_by) REFERENCES users (clinic_id, id),
    FOREIGN KEY (clinic_id, verified_by) REFERENCES users (clinic_id, id),
    CHECK ((file_content IS NULL) = (file_sha256 IS NULL)),
    CHECK ((verified_by IS NULL) = (verified_at IS NULL))
);
CREATE INDEX test_reports_test_idx ON test_reports (clinic_id, test_id);
CREATE INDEX test_reports_patient_idx ON test_reports (clinic_id, patient_id);

-- The structured values of a report, one analyte a row.
CREATE TABLE test_report_values (
    clinic_id       uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    test_report_id  uuid NOT NULL,
    patient_id      uuid NOT NULL,
    position        smallint NOT NULL CHECK (position BETWEEN 1 AND 200),
    analyte         varchar(200) NOT NULL CHECK (btrim(analyte) <> ''),
    value           varchar(200) NOT NULL,
    unit            varchar(32)  NOT NULL DEFAULT '',
    reference_range varchar(100) NOT NULL DEFAULT '',
    abnormal_flag   varchar(10) NOT NULL DEFAULT 'normal'
        CHECK (abnormal_flag IN ('normal', 'low', 'high', 'critical', 'abnormal')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, test_report_id, position),
    FOREIGN KEY (clinic_id, test_report_id, patient_id)
        REFERENCES test_reports (clinic_id, id, patient_id) ON DELETE CASCADE
);

CREATE TABLE doctor_notes (
    clinic_id       uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    visit_id        uuid NOT NULL,
    patient_id      uuid NOT NULL,
    author_id       uuid NOT NULL,
    chief_complaint varchar(2000) NOT NULL DEFAULT '',
    observations    varchar(8000) NOT NULL DEFAULT '',
    diagnosis       varchar(2000) NOT NULL DEFAULT '',
    treatment_plan  varchar(4000) NOT NULL DEFAULT '',
    notes           varchar(8000) NOT NULL DEFAULT '',
    signed_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, visit_id, patient_id) REFERENCES patient_visits (clinic_id, id, patient_id),
    FOREIGN KEY (clinic_id, author_id) REFERENCES users (clinic_id, id)
);
CREATE INDEX doctor_notes_patient_idx ON doctor_notes (clinic_id, patient_id, created_at DESC);
CREATE INDEX doctor_notes_visit_idx ON doctor_notes (clinic_id, visit_id);

CREATE TABLE medical_reports (
    clinic_id         uuid NOT NULL DEFAULT app.current_clinic() REFERENCES clinics (id),
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    patient_id        uuid NOT NULL,
    uploaded_by       uuid,
    report_type       varchar(16) NOT NULL DEFAULT 'other'
        CHECK (report_type IN ('lab', 'imaging', 'discharge', 'referral', 'prescription', 'other')),
    description       varchar(2000) NOT NULL DEFAULT '',
    content           bytea NOT NULL,
    content_type      varchar(100) NOT NULL,
    size_bytes        integer NOT NULL CHECK (size_bytes BETWEEN 0 AND 20971520),
    sha256            bytea NOT NULL CHECK (octet_length(sha256) = 32),
    original_filename varchar(255) NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
    FOREIGN KEY (clinic_id, uploaded_by) REFERENCES users (clinic_id, id),
    CHECK (size_bytes = octet_length(content))
);
CREATE INDEX medical_reports_patient_idx ON medical_reports (clinic_id, patient_id, created_at DESC);

CREATE TRIGGER clinics_touch BEFORE UPDATE ON clinics FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER patients_touch BEFORE UPDATE ON patients FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER doctors_touch BEFORE UPDATE ON doctors FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER patient_visits_touch BEFORE UPDATE ON patient_visits FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER medicines_touch BEFORE UPDATE ON medicines FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER prescriptions_touch BEFORE UPDATE ON prescriptions FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER prescription_lines_touch BEFORE UPDATE ON prescription_lines FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER test_catalog_touch BEFORE UPDATE ON test_catalog FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER tests_touch BEFORE UPDATE ON tests FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER test_reports_touch BEFORE UPDATE ON test_reports FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER doctor_notes_touch BEFORE UPDATE ON doctor_notes FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();

-- Closed from birth: with row-level security forced and no policy yet,
-- nobody (the owner included) sees a row until policies/ is applied.
ALTER TABLE clinics ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinics FORCE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE patients ENABLE ROW LEVEL SECURITY;
ALTER TABLE patients FORCE ROW LEVEL SECURITY;
ALTER TABLE doctors ENABLE ROW LEVEL SECURITY;
ALTER TABLE doctors FORCE ROW LEVEL SECURITY;
ALTER TABLE clinic_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinic_counters FORCE ROW LEVEL SECURITY;
ALTER TABLE patient_visits ENABLE ROW LEVEL SECURITY;
ALTER TABLE patient_visits FORCE ROW LEVEL SECURITY;
ALTER TABLE medicines ENABLE ROW LEVEL SECURITY;
ALTER TABLE medicines FORCE ROW LEVEL SECURITY;
ALTER TABLE prescriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE prescriptions FORCE ROW LEVEL SECURITY;
ALTER TABLE prescription_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE prescription_lines FORCE ROW LEVEL SECURITY;
ALTER TABLE test_catalog ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_catalog FORCE ROW LEVEL SECURITY;
ALTER TABLE tests ENABLE ROW LEVEL SECURITY;
ALTER TABLE tests FORCE ROW LEVEL SECURITY;
ALTER TABLE test_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_reports FORCE ROW LEVEL SECURITY;
ALTER TABLE test_report_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_report_values FORCE ROW LEVEL SECURITY;
ALTER TABLE doctor_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE doctor_notes FORCE ROW LEVEL SECURITY;
ALTER TABLE medical_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE medical_reports FORCE ROW LEVEL SECURITY;

-- migrate:down
DROP TABLE medical_reports, doctor_notes, test_report_values, test_reports, tests, test_catalog,
    prescription_lines, prescriptions, medicines, patient_visits, clinic_counters, doctors,
    patients, users, clinics;
