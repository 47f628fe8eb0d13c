/* pt-importer-rows.c — one row of members, purchases or opening balances
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-importer-private.h"
#include "pt-store-import.h"
#include "pt-store-members.h"
#include "pt-uuid.h"
#include "pt-validation.h"

#define NOTE_MAX_CHARS 2000
#define BRANCH_MAX_CHARS 64
#define REF_MAX_CHARS 200

/* A field's trimmed cell, "" when unmapped. */
static char *
cell (PtImportRun    *run,
      const PtCsvRow *row,
      const char     *field)
{
  int f = pt_import_field_index (run->importer->kind, field);
  int column = f >= 0 ? run->importer->columns[f] : -1;

  return column >= 0 ? pt_import_trim (pt_csv_row_get (row, column)) : g_strdup ("");
}

static const char *
raw_cell (PtImportRun    *run,
          const PtCsvRow *row,
          const char     *field)
{
  int f = pt_import_field_index (run->importer->kind, field);
  int column = f >= 0 ? run->importer->columns[f] : -1;

  return column >= 0 ? pt_csv_row_get (row, column) : "";
}

static void
problem (PtImportRun    *run,
         const PtCsvRow *row,
         const char     *field,
         const char     *reason)
{
  int f = field ? pt_import_field_index (run->importer->kind, field) : -1;

  pt_import_run_add_problem (run, row->line, f, field ? raw_cell (run, row, field) : "", reason);
}

/* A database failure ends the run; anything else is the row's problem. */
static gboolean
is_fatal (const GError *error)
{
  return error->domain == PT_STORE_ERROR &&
         (error->code == PT_STORE_ERROR_FAILED || error->code == PT_STORE_ERROR_BUSY);
}

static void
touch (PtImportRun *run,
       const char  *member_id)
{
  char *id;

  if (g_hash_table_contains (run->touched_set, member_id))
    return;
  id = g_strdup (member_id);
  g_ptr_array_add (run->touched, id);
  g_hash_table_add (run->touched_set, id);
}

/* A key seen before in this file: the line it was first on, else 0 (and
 * it is remembered). */
static guint
seen_before (PtImportRun *run,
             const char  *prefix,
             const char  *key,
             guint        line)
{
  g_autofree char *full = g_strconcat (prefix, "\x1f", key, NULL);
  gpointer first = g_hash_table_lookup (run->keys, full);

  if (first != NULL)
    return GPOINTER_TO_UINT (first);
  g_hash_table_insert (run->keys, g_steal_pointer (&full), GUINT_TO_POINTER (line));
  return 0;
}

/* "a|b|c" occurring the n-th time in the file → "a|b|c#n": rows without a
 * reference are told apart by content and by how often it repeats. */
static char *
row_identity (PtImportRun *run,
              const char  *content)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (run->occurrences, content)) + 1;

  g_hash_table_insert (run->occurrences, g_strdup (content), GUINT_TO_POINTER (n));
  return g_strdup_printf ("%s#%u", content, n);
}

static char *
member_id_for_key (PtImportRun *run,
                   const char  *key)
{
  return pt_uuid_derive ("import-member", run->importer->source, key, NULL);
}

static char *
iso_day (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Members ----------------------------------------------------------------- */

static int
field_of_validation_error (const GError *error,
                           PtMember     *member)
{
  switch (error->code)
    {
    case PT_VALIDATION_ERROR_NAME:
      return PT_MEMBER_FIELD_NAME;
    case PT_VALIDATION_ERROR_PHONE:
      return PT_MEMBER_FIELD_PHONE;
    case PT_VALIDATION_ERROR_EMAIL:
      return PT_MEMBER_FIELD_EMAIL;
    case PT_VALIDATION_ERROR_BIRTHDAY:
      return PT_MEMBER_FIELD_BIRTHDAY;
    case PT_VALIDATION_ERROR_GENDER:
      return PT_MEMBER_FIELD_GENDER;
    case PT_VALIDATION_ERROR_DATE:
      return PT_MEMBER_FIELD_JOINED_ON;
    default:
      break;
    }
  /* "Notes: at most 5000 characters are allowed": the label says which. */
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      g_autofree char *prefix = g_strconcat (pt_member_field_label (i), ":", NULL);

      if (g_str_has_prefix (error->message, prefix))
        return (int) i;
    }
  return -1;
}

static void
member_problem (PtImportRun    *run,
                const PtCsvRow *row,
                int             member_field,
                const char     *reason)
{
  pt_import_run_add_problem (run, row->line,
                             member_field >= 0
                             ? pt_import_field_index (PT_IMPORT_MEMBERS,
                                                      pt_member_field_key (member_field))
                             : -1,
                             member_field >= 0
                             ? raw_cell (run, row, pt_member_field_key (member_field)) : "",
                             reason);
}

/* Parses each mapped cell into @member; FALSE when one was refused. */
static gboolean
read_member_fields (PtImportRun    *run,
                    const PtCsvRow *row,
                    PtMember       *member)
{
  const char * const *fields = pt_import_kind_fields (PT_IMPORT_MEMBERS);
  gboolean ok = TRUE;

  for (guint f = 0; fields[f]; f++)
    {
      g_autofree char *value = cell (run, row, fields[f]);
      g_autoptr(GError) error = NULL;
      int field = pt_member_field_from_key (fields[f]);

      if (*value == '\0' || field < 0)
        continue;

      if (field == PT_MEMBER_FIELD_PHONE)
        {
          g_autofree char *phone = NULL;

          if (pt_import_parse_phone (value, &phone, &error))
            pt_member_set (member, field, phone);
        }
      else if (field == PT_MEMBER_FIELD_BIRTHDAY || field == PT_MEMBER_FIELD_JOINED_ON)
        {
          GDate date;
          int seconds;

          if (pt_import_parse_date (value, run->importer->date_order, &date, &seconds, &error))
            {
              g_autofree char *day = iso_day (&date);
              pt_member_set (member, field, day);
            }
        }
      else if (field == PT_MEMBER_FIELD_GENDER)
        {
          const char *gender;

          if (pt_import_parse_gender (value, &gender, &error))
            pt_member_set (member, field, gender);
        }
      else if (field == PT_MEMBER_FIELD_MARKETING_CONSENT)
        {
          gboolean yes;

          if (pt_import_parse_yes_no (value, &yes, &error))
            pt_member_set_marketing_consent (member, yes);
        }
      else
        pt_member_set (member, field, value);

      if (error != NULL)
        {
          member_problem (run, row, field, error->message);
          ok = FALSE;
        }
    }
  return ok;
}

/* The old system's identity of the member: its card number, else the
 * phone, else the name with what else is known. */
static char *
member_key (PtMember *member)
{
  const char *number = pt_member_get (member, PT_MEMBER_FIELD_NUMBER);
  const char *phone = pt_member_get (member, PT_MEMBER_FIELD_PHONE);

  if (*number != '\0')
    return g_strdup (number);
  if (*phone != '\0')
    return g_strdup (phone);
  return g_strjoin ("\x1f", "row", pt_member_get (member, PT_MEMBER_FIELD_NAME),
                    pt_member_get (member, PT_MEMBER_FIELD_BIRTHDAY),
                    pt_member_get (member, PT_MEMBER_FIELD_EMAIL), NULL);
}

static PtImportRowStatus
import_member (PtImportRun     *run,
               const PtCsvRow  *row,
               GError         **error)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *key = NULL;
  g_autofree char *id = NULL;
  gboolean exists = FALSE;
  guint first;

  if (!read_member_fields (run, row, member))
    return PT_IMPORT_ROW_PROBLEM;

  key = member_key (member);
  first = seen_before (run, "member", key, row->line);
  if (first != 0)
    {
      g_autofree char *reason = NULL;
      int field = *pt_member_get (member, PT_MEMBER_FIELD_NUMBER) ? PT_MEMBER_FIELD_NUMBER
                  : *pt_member_get (member, PT_MEMBER_FIELD_PHONE) ? PT_MEMBER_FIELD_PHONE
                  : PT_MEMBER_FIELD_NAME;

      /* Translators: %u is a line number of the file */
      reason = field == PT_MEMBER_FIELD_NUMBER
               ? g_strdup_printf (_("duplicate number: line %u has it too"), first)
               : g_strdup_printf (_("the same member is on line %u"), first);
      member_problem (run, row, field, reason);
      return PT_IMPORT_ROW_PROBLEM;
    }

  id = member_id_for_key (run, key);
  if (!pt_store_import_member_exists (run->importer->store, id, &exists, error))
    return PT_IMPORT_ROW_FAILED;
  if (exists)
    return PT_IMPORT_ROW_ALREADY;

  pt_member_set_id (member, id);
  if (!pt_store_import_member (run->importer->store, run->chunk, member, &local))
    {
      if (is_fatal (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return PT_IMPORT_ROW_FAILED;
        }
      if (g_error_matches (local, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE))
        member_problem (run, row, PT_MEMBER_FIELD_NUMBER, local->message);
      else
        member_problem (run, row, field_of_validation_error (local, member), local->message);
      return PT_IMPORT_ROW_PROBLEM;
    }
  return PT_IMPORT_ROW_IMPORTED;
}

/* Purchases and balances: who --------------------------------------------- */

static char *
create_member (PtImportRun  *run,
               const char   *key,
               GError      **error)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autofree char *phone = NULL;
  g_autofree char *id = member_id_for_key (run, key);

  pt_member_set_id (member, id);
  /* A name is required; the key stands in until someone edits it. */
  pt_member_set (member, PT_MEMBER_FIELD_NAME, key);
  if (pt_import_parse_phone (key, &phone, NULL) && strlen (phone) >= 7)
    pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
  else
    pt_member_set (member, PT_MEMBER_FIELD_NUMBER, key);
  if (!pt_store_add_member (run->importer->store, member, error))
    return NULL;
  run->result->created_members++;
  return g_strdup (pt_member_get_id (member));
}

/* The member a purchase or balance row names: one imported under that
 * key, or with that member number (or id), or that phone. */
static gboolean
resolve_member (PtImportRun  *run,
                const char   *key,
                char        **member_id,
                GError      **error)
{
  PtStore *store = run->importer->store;
  const char *cached = g_hash_table_lookup (run->members, key);
  g_autofree char *derived = NULL;
  g_autofree char *phone = NULL;
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GError) local = NULL;
  gboolean exists = FALSE;

  *member_id = NULL;
  if (cached != NULL)
    {
      *member_id = g_strdup (cached);
      return TRUE;
    }

  derived = member_id_for_key (run, key);
  if (!pt_store_import_member_exists (store, derived, &exists, error))
    return FALSE;
  if (!exists && pt_import_parse_phone (key, &phone, NULL))
    {
      g_free (derived);
      derived = member_id_for_key (run, phone);
      if (!pt_store_import_member_exists (store, derived, &exists, error))
        return FALSE;
    }

  if (exists)
    *member_id = g_steal_pointer (&derived);
  else if ((member = pt_store_get_member (store, key, FALSE, &local)) != NULL)
    *member_id = g_strdup (pt_member_get_id (member));
  else if (!g_error_matches (local, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  else if (phone != NULL)
    {
      g_clear_error (&local);
      member = pt_store_find_member_by_phone (store, phone, &local);
      if (member != NULL)
        *member_id = g_strdup (pt_member_get_id (member));
      else if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  if (*member_id == NULL && run->importer->create_members)
    {
      *member_id = create_member (run, key, error);
      if (*member_id == NULL)
        return FALSE;
    }

  if (*member_id != NULL)
    g_hash_table_insert (run->members, g_strdup (key), g_strdup (*member_id));
  return TRUE;
}

/* The member of the row, or NULL with the problem noted (or @error set
 * when the database failed: then *failed). */
static char *
row_member (PtImportRun     *run,
            const PtCsvRow  *row,
            gboolean        *failed,
            GError         **error)
{
  g_autofree char *key = cell (run, row, "member");
  g_autoptr(GError) local = NULL;
  char *member_id = NULL;

  *failed = FALSE;
  if (*key == '\0')
    {
      problem (run, row, "member", _("no member given"));
      return NULL;
    }
  if (!resolve_member (run, key, &member_id, &local))
    {
      if (is_fatal (local))
        {
          *failed = TRUE;
          g_propagate_error (error, g_steal_pointer (&local));
        }
      else
        problem (run, row, "member", local->message);
      return NULL;
    }
  if (member_id == NULL)
    problem (run, row, "member", run->importer->create_members
             ? _("unknown member") : _("unknown member (add --create-members to make one)"));
  return member_id;
}

/* @label untranslated (N_): it is translated for the message only, not
 * three times for every row of a million. */
static gboolean
check_text (PtImportRun    *run,
            const PtCsvRow *row,
            const char     *field,
            const char     *label,
            const char     *value,
            gsize           max_chars)
{
  g_autoptr(GError) error = NULL;

  if (pt_validate_text (NULL, value, max_chars, NULL) ||
      pt_validate_text (_(label), value, max_chars, &error))
    return TRUE;
  problem (run, row, field, error->message);
  return FALSE;
}

/* Purchases --------------------------------------------------------------- */

static PtImportRowStatus
import_purchase (PtImportRun     *run,
                 const PtCsvRow  *row,
                 GError         **error)
{
  g_autofree char *date_text = cell (run, row, "date");
  g_autofree char *amount_text = cell (run, row, "amount");
  g_autofree char *note = cell (run, row, "note");
  g_autofree char *branch = cell (run, row, "branch");
  g_autofree char *ref = cell (run, row, "ref");
  g_autofree char *member_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *id = NULL;
  g_autofree char *day = NULL;
  g_autofree char *at_text = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) local = NULL;
  PtImportedPurchase purchase = { NULL, };
  gboolean ok = TRUE, failed = FALSE, inserted = FALSE;
  gint64 amount = 0;
  int seconds = -1;
  GDate date;

  if (!pt_import_parse_date (date_text, run->importer->date_order, &date, &seconds, &local))
    {
      problem (run, row, "date", local->message);
      g_clear_error (&local);
      ok = FALSE;
    }
  if (!pt_import_parse_amount (amount_text, run->currency, &amount, &local))
    {
      problem (run, row, "amount", local->message);
      g_clear_error (&local);
      ok = FALSE;
    }
  else if (amount <= 0)
    {
      problem (run, row, "amount", _("Amount: enter an amount above zero"));
      ok = FALSE;
    }
  ok &= check_text (run, row, "note", N_("Note"), note, NOTE_MAX_CHARS);
  ok &= check_text (run, row, "branch", N_("Branch"), branch, BRANCH_MAX_CHARS);
  ok &= check_text (run, row, "ref", N_("Reference"), ref, REF_MAX_CHARS);
  if (ok && *ref != '\0')
    {
      guint first = seen_before (run, "ref", ref, row->line);

      if (first != 0)
        {
          /* Translators: %u is a line number of the file */
          g_autofree char *reason = g_strdup_printf (_("duplicate reference: line %u has it too"),
                                                     first);
          problem (run, row, "ref", reason);
          ok = FALSE;
        }
    }

  member_id = row_member (run, row, &failed, error);
  if (failed)
    return PT_IMPORT_ROW_FAILED;
  if (!ok || member_id == NULL)
    return PT_IMPORT_ROW_PROBLEM;

  day = iso_day (&date);
  at = g_date_time_new (run->local_zone, g_date_get_year (&date), g_date_get_month (&date),
                        g_date_get_day (&date), seconds >= 0 ? seconds / 3600 : 12,
                        seconds >= 0 ? seconds / 60 % 60 : 0, seconds >= 0 ? seconds % 60 : 0);
  at_text = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S%:z");

  if (*ref != '\0')
    key = g_strconcat ("ref\x1f", ref, NULL);
  else
    {
      /* The day and time as written, not the local ISO time, so that the
       * identity does not depend on the time zone of the import. */
      g_autofree char *content = g_strdup_printf ("%s\x1f%s\x1f%d\x1f%" G_GINT64_FORMAT
                                                  "\x1f%s\x1f%s", member_id, day, seconds, amount,
                                                  note, branch);
      key = row_identity (run, content);
    }
  id = pt_uuid_derive ("import-purchase", run->importer->source, key, NULL);

  purchase.id = id;
  purchase.member_id = member_id;
  purchase.amount = amount;
  purchase.at = at_text;
  purchase.day = day;
  purchase.branch = *branch ? branch : NULL;
  purchase.note = *note ? note : NULL;
  /* The rules' currency, read once for the run. */
  purchase.currency = run->currency;
  if (!pt_store_import_purchase (run->importer->store, run->chunk, &purchase,
                                 run->importer->award_points,
                                 &inserted, &local))
    {
      if (is_fatal (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return PT_IMPORT_ROW_FAILED;
        }
      problem (run, row, NULL, local->message);
      return PT_IMPORT_ROW_PROBLEM;
    }
  if (!inserted)
    return PT_IMPORT_ROW_ALREADY;
  touch (run, member_id);
  return PT_IMPORT_ROW_IMPORTED;
}

/* Opening balances -------------------------------------------------------- */

static gboolean
optional_date (PtImportRun    *run,
               const PtCsvRow *row,
               const char     *field,
               GDate          *date,
               gboolean       *given)
{
  g_autofree char *text = cell (run, row, field);
  g_autoptr(GError) error = NULL;
  int seconds;

  *given = *text != '\0';
  if (!*given)
    return TRUE;
  if (pt_import_parse_date (text, run->importer->date_order, date, &seconds, &error))
    return TRUE;
  problem (run, row, field, error->message);
  return FALSE;
}

static PtImportRowStatus
import_balance (PtImportRun     *run,
                const PtCsvRow  *row,
                GError         **error)
{
  g_autofree char *points_text = cell (run, row, "points");
  g_autofree char *note = cell (run, row, "note");
  g_autofree char *member_id = NULL;
  g_autofree char *content = NULL;
  g_autofree char *key = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok = TRUE, failed = FALSE, inserted = FALSE, dated = FALSE, expiring = FALSE;
  gint64 points = 0;
  GDate day, expires;

  if (!pt_import_parse_points (points_text, &points, &local))
    {
      problem (run, row, "points", local->message);
      g_clear_error (&local);
      ok = FALSE;
    }
  else if (points <= 0)
    {
      problem (run, row, "points", _("Points: an opening balance is above zero"));
      ok = FALSE;
    }
  ok &= optional_date (run, row, "date", &day, &dated);
  ok &= optional_date (run, row, "expires", &expires, &expiring);
  ok &= check_text (run, row, "note", N_("Note"), note, NOTE_MAX_CHARS);
  if (ok && !dated)
    day = run->today;
  if (ok && expiring && g_date_compare (&expires, &day) < 0)
    {
      problem (run, row, "expires",
               _("Expires: the last day comes before the day the points were earned"));
      ok = FALSE;
    }

  member_id = row_member (run, row, &failed, error);
  if (failed)
    return PT_IMPORT_ROW_FAILED;
  if (!ok || member_id == NULL)
    return PT_IMPORT_ROW_PROBLEM;

  {
    g_autofree char *day_text = iso_day (&day);
    g_autofree char *expires_text = expiring ? iso_day (&expires) : g_strdup ("");

    content = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT, member_id, day_text,
                               expires_text, points);
  }
  key = row_identity (run, content);
  id = pt_uuid_derive ("import-balance", run->importer->source, key, NULL);

  if (!pt_store_import_points_lot (run->importer->store, id, member_id, points, &day,
                                   expiring ? &expires : NULL,
                                   *note ? note : _("Opening balance (imported)"), &inserted,
                                   &local))
    {
      if (is_fatal (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return PT_IMPORT_ROW_FAILED;
        }
      problem (run, row, NULL, local->message);
      return PT_IMPORT_ROW_PROBLEM;
    }
  if (!inserted)
    return PT_IMPORT_ROW_ALREADY;
  touch (run, member_id);
  return PT_IMPORT_ROW_IMPORTED;
}

PtImportRowStatus
pt_import_run_row (PtImportRun     *run,
                   const PtCsvRow  *row,
                   GError         **error)
{
  switch (run->importer->kind)
    {
    case PT_IMPORT_MEMBERS:
      return import_member (run, row, error);
    case PT_IMPORT_PURCHASES:
      return import_purchase (run, row, error);
    case PT_IMPORT_BALANCES:
    default:
      return import_balance (run, row, error);
    }
}
