"""Core tables: site, users, vaccine catalogue, lots, people, doses, audit trail, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("province_code", sa.String(8)),
        sa.Column("district_code", sa.String(8)),
        sa.Column("commune_code", sa.String(8)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_site"),
        sa.UniqueConstraint("code", name="uq_site_code"),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('clerk', 'volunteer', 'manager')", name="ck_app_user_role"),
        sa.PrimaryKeyConstraint("id", name="pk_app_user"),
        sa.UniqueConstraint("username", name="uq_app_user_username"),
    )
    op.create_table(
        "vaccine_product",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("manufacturer", sa.String(200), nullable=False),
        sa.Column("eu_mp", sa.String(64), nullable=False),
        sa.Column("eu_ma", sa.String(128), nullable=False),
        sa.Column("eu_vp", sa.String(32), nullable=False),
        sa.Column("primary_doses", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_vaccine_product"),
    )
    op.create_table(
        "lot",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("product_code", sa.String(32), nullable=False),
        sa.Column("lot_number", sa.String(64), nullable=False),
        sa.Column("expiry_date", sa.Date()),
        sa.ForeignKeyConstraint(
            ["product_code"], ["vaccine_product.code"], name="fk_lot_product_code_vaccine_product"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_lot"),
        sa.UniqueConstraint("product_code", "lot_number", name="uq_lot_product"),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("site_id", sa.String(36), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("dob", sa.Date()),
        sa.Column("sex", sa.String(1)),
        sa.Column("id_type", sa.String(16), nullable=False),
        sa.Column("id_number", sa.String(32)),
        sa.Column("no_id_reason", sa.String(32)),
        sa.Column("nationality", sa.String(3)),
        sa.Column("phone", sa.String(16)),
        sa.Column("address", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("sex IN ('M', 'F')", name="ck_person_sex"),
        sa.CheckConstraint(
            "id_type IN ('CCCD', 'CMND', 'PASSPORT', 'NONE')", name="ck_person_id_type"
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name="fk_person_site_id_site"),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
    )
    op.create_index("ix_person_name_key", "person", ["name_key", "dob"])
    op.create_index("ix_person_id_number", "person", ["id_number"])
    op.create_index("ix_person_phone", "person", ["phone"])
    op.create_table(
        "dose",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.Column("site_id", sa.String(36), nullable=False),
        sa.Column("product_code", sa.String(32), nullable=False),
        sa.Column("lot_number", sa.String(64)),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("dose_date", sa.Date(), nullable=False),
        sa.Column("vaccinator", sa.String(200)),
        sa.Column("recorded_by", sa.String(36)),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("void_reason", sa.Text()),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('active', 'voided')", name="ck_dose_status"),
        sa.CheckConstraint("source IN ('desk', 'backfill', 'import')", name="ck_dose_source"),
        sa.CheckConstraint(
            "status = 'active' OR void_reason IS NOT NULL", name="ck_dose_void_reason"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name="fk_dose_person_id_person"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name="fk_dose_site_id_site"),
        sa.ForeignKeyConstraint(
            ["product_code"],
            ["vaccine_product.code"],
            name="fk_dose_product_code_vaccine_product",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["app_user.id"], name="fk_dose_recorded_by_app_user"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_dose"),
    )
    op.create_index(
        "uq_dose_person_number_active",
        "dose",
        ["person_id", "dose_number"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
    )
    op.create_index("ix_dose_person_date", "dose", ["person_id", "dose_date"])
    op.create_index("ix_dose_date", "dose", ["dose_date"])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.String(36)),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("details", sa.Text()),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name="fk_audit_entry_user_id_app_user"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entry"),
    )
    op.create_index("ix_audit_entity", "audit_entry", ["entity", "entity_id"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_setting"),
    )


def downgrade() -> None:
    for table in ("setting", "audit_entry", "dose", "person", "lot", "vaccine_product",
                  "app_user", "site"):
        op.drop_table(table)
