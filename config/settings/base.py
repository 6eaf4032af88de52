"""Settings shared by every environment. Policy numbers live in POLICY and are overridable."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-insecure-change-me")
DEBUG = False
ALLOWED_HOSTS: list[str] = [
    h for h in env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "socorg.core",
    "socorg.audit",
    "socorg.areas",
    "socorg.agencies",
    "socorg.accounts",
    "socorg.notifications",
    "socorg.registry",
    "socorg.annual_reports",
    "socorg.party",
    "socorg.matters",
    "socorg.credit",
    "socorg.evaluation",
    "socorg.spot_checks",
    "socorg.dormancy",
    "socorg.illegal",
    "socorg.supervision",
    "socorg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "socorg.core.middleware.RequestContextMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "socorg" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "socorg.accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


def database_from_env() -> dict[str, object]:
    """SQLite by default; PostgreSQL when DATABASE_URL-style variables name it."""
    engine = env("DB_ENGINE", "sqlite")
    if engine == "postgresql":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("DB_NAME", "socorg"),
            "USER": env("DB_USER", "postgres"),
            "PASSWORD": env("DB_PASSWORD", ""),
            "HOST": env("DB_HOST", "127.0.0.1"),
            "PORT": env("DB_PORT", "5432"),
            "CONN_MAX_AGE": 60,
            # Parameters bound by the server (psycopg 3): the client-side default quotes every
            # value in Python, which is most of a bulk insert's time (decision 0009).
            "OPTIONS": {"server_side_binding": env("DB_SERVER_SIDE_BINDING", "1") == "1"},
            "TEST": {
                "NAME": env("DB_TEST_NAME", "test_socorg"),
                "TEMPLATE": "template0",
                "CHARSET": "UTF8",
            },
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("DB_NAME", str(BASE_DIR / "var" / "db.sqlite3")),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password rules (configurable): length, not common, not numeric, character classes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "socorg.accounts.password_validation.LengthValidator",
        "OPTIONS": {"min_length": int(env("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "socorg.accounts.password_validation.CharacterClassValidator",
        "OPTIONS": {"min_classes": int(env("PASSWORD_MIN_CLASSES", "3"))},
    },
]

# Login lockout per account after repeated failures (django-axes).
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Idle session timeout: the cookie expires after SESSION_IDLE_MINUTES without a request.
SESSION_IDLE_MINUTES = int(env("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "socorg" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "socorg" / "static"]
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "media/"

# Uploads: an import file larger than this is refused before it is read.
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "50000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EXPORT_MAX_ROWS_XLSX = int(env("EXPORT_MAX_ROWS_XLSX", "200000"))

# Personal data: a Fernet key encrypts ID numbers; a separate HMAC key makes the lookup hash.
# Production must set both; the defaults are derived from SECRET_KEY for development only.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", "")
LOOKUP_HASH_KEY = env("LOOKUP_HASH_KEY", "")

# Audit retention (days). The law asks for at least 6 months; the purge refuses less.
AUDIT_RETENTION_DAYS = int(env("AUDIT_RETENTION_DAYS", "186"))
AUDIT_RETENTION_MIN_DAYS = 186

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "socorg.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "socorg.core.pagination.KeysetCursorPagination",
    "PAGE_SIZE": 20,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "社会组织与基层治理平台 API",
    "DESCRIPTION": "Social organizations and grassroots governance platform, REST API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets come from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Domain policy defaults (domain.md §14). Each is a default; deployments override.
POLICY = {
    "demo_district_code": "420106",
}

SITE_NAME = _("社会组织与基层治理平台")

# Lockout is per account as the bureau asked (a shared office IP must not lock everyone out).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- API schema (helper "api"): stable names for the choice sets the API shares -------------
# Two fields named "org_type" carry different choice sets (all types; the three registered
# types a community organization converts to), and "status"/"status_after" share one set.
# Naming them here keeps `spectacular --validate --fail-on-warn` clean.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "OrganizationTypeEnum": "socorg.registry.models.Organization.Type",
    "RegisteredOrganizationTypeEnum": "socorg.registry.serializers.REGISTERED_TYPE_CHOICES",
    "OrganizationStatusEnum": "socorg.registry.models.Organization.Status",
    "LifecycleEventKindEnum": "socorg.registry.models.LifecycleEvent.Kind",
    "TerminationKindEnum": "socorg.registry.serializers.TERMINATION_CHOICES",
    "AreaLevelEnum": "socorg.areas.models.Area.Level",
    "AgencyKindEnum": "socorg.agencies.models.Agency.Kind",
}

# --- Illegal organizations (helper "illegal"): names for its choice sets in the API schema ---
# Tips and cases both have a "state" field with different choice sets.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "IllegalTipStateEnum": "socorg.illegal.models.Tip.State",
        "IllegalTipSourceEnum": "socorg.illegal.models.Tip.Source",
        "IllegalTipChannelEnum": "socorg.illegal.models.Tip.Channel",
        "IllegalTipClosureEnum": "socorg.illegal.models.Tip.Closure",
        "IllegalCaseStateEnum": "socorg.illegal.models.InvestigationCase.State",
        "IllegalCaseOutcomeEnum": "socorg.illegal.models.InvestigationCase.Outcome",
    }
)

# --- Party building and major matters (helper "partymatters"): API schema enum names ----------
# Their "form", "level", "role", "kind" and "state" fields would collide with other apps' sets.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "PartyOrganizationFormEnum": "socorg.party.models.PartyOrganization.Form",
        "PartyOrganizationLevelEnum": "socorg.party.models.PartyOrganization.Level",
        "PartyInstructorRoleEnum": "socorg.party.models.PartyInstructorAssignment.Role",
        "MajorMatterKindEnum": "socorg.matters.models.MajorMatter.Kind",
        "MajorMatterStateEnum": "socorg.matters.models.MajorMatter.State",
    }
)

# --- Annual reports (helper "annual"): API schema enum names -----------------------------------
# Its "state", "mode", "conclusion", "kind" and "action" fields would collide with other apps' sets.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "AnnualReportStateEnum": "socorg.annual_reports.models.AnnualReport.State",
        "AnnualReportShownStateEnum": "socorg.annual_reports.serializers.STATE_CHOICES",
        "AnnualReportModeEnum": "socorg.annual_reports.models.AnnualReport.Mode",
        "AnnualReportConclusionEnum": "socorg.annual_reports.models.AnnualReport.Conclusion",
        "AnnualReportPartyOrgFormEnum": "socorg.annual_reports.models.AnnualReport.PartyOrgForm",
        "AnnualReportActionKindEnum": "socorg.annual_reports.models.AnnualReportAction.Kind",
        "AnnualReportStepEnum": "socorg.annual_reports.serializers.ACTION_CHOICES",
    }
)

# --- Credit lists (helper "creditapp") -----------------------------------------------------------
# API schema enum names: "list_kind", "kind", "state" and "code" would collide with other apps' sets.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "CreditListEnum": "socorg.credit.models.CreditList",
        "CreditListedEnum": "socorg.credit.models.LIST_CHOICES",
        "CreditEntryKindEnum": "socorg.credit.models.CreditEntry.Kind",
        "CreditPenaltyKindEnum": "socorg.credit.models.AdministrativePenalty.Kind",
        "CreditTriggerCodeEnum": "socorg.credit.models.TriggerFact.Code",
        "CreditObjectionStateEnum": "socorg.credit.models.Objection.State",
        "CreditRemovalApplicationStateEnum": "socorg.credit.models.RemovalApplication.State",
    }
)
# Where the credit rules read annual reports (trigger A1): a dotted path to a set-based provider
# ``f(*, organization_ids, today) -> {organization_id: [report with year, due_on, filed_on,
# rejected_on]}``; empty: no organization has A1 facts.
CREDIT_REPORT_FACTS_PROVIDER = env(
    "CREDIT_REPORT_FACTS_PROVIDER", "socorg.credit.facts.annual_report_facts"
)
# The first year whose annual reports the platform holds: earlier years are never judged late
# (they were filed on paper). Empty: annual reports do not feed the credit lists yet.
CREDIT_REPORT_FIRST_YEAR = int(env("CREDIT_REPORT_FIRST_YEAR", "0")) or None

# --- Level evaluation (helper "evalapp"): names for its choice sets in the API schema ---------
# Rounds and applications each have a "state"; results a "level"; affiliations a "kind" — each
# with its own choice set. (Objections share credit's pending/upheld/rejected set and its name.)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "EvaluationRoundStateEnum": "socorg.evaluation.models.EvaluationRound.State",
        "EvaluationApplicationStateEnum": "socorg.evaluation.models.Application.State",
        "EvaluationAffiliationKindEnum": "socorg.evaluation.models.ExpertAffiliation.Kind",
        "EvaluationLevelEnum": "socorg.evaluation.models.LevelChoices",
        "EvaluationRegimeEnum": "socorg.evaluation.models.RegimeChoices",
    }
)

# --- Dormant organizations (helper "dormancyapp"): API schema enum names ---------------------
# Exit cases and their steps have "state", "action", "decision" and "outcome" fields that would
# collide with other apps' choice sets.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "DormancyCaseStateEnum": "socorg.dormancy.models.STATE_CHOICES",
        "DormancyCaseActionEnum": "socorg.dormancy.models.ACTION_CHOICES",
        "DormancyCaseDecisionEnum": "socorg.dormancy.models.ExitCase.Decision",
        "DormancyCaseOutcomeEnum": "socorg.dormancy.models.ExitCase.Outcome",
    }
)
