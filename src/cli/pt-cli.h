/* pt-cli.h — what the patron-cli commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-member.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char    *db_path;   /* --db, $PATRON_DB, or the default */
  PtStore *store;     /* opened on first use */
  char    *staff;     /* --staff: whom the tool acts for (NULL: the file's owner) */
} PtCliContext;

/* A command gets its own name in argv[0] and returns the exit status. */
typedef int (*PtCliCommandFunc) (PtCliContext *ctx,
                                 int           argc,
                                 char        **argv);

/* Opens the database the first time it is needed. */
PtStore *pt_cli_get_store  (PtCliContext  *ctx,
                            GError       **error);

/* Prints "patron-cli: <message>" on stderr; returns the exit status 1. */
int      pt_cli_fail       (const GError  *error);
int      pt_cli_fail_usage (const char    *format,
                            ...) G_GNUC_PRINTF (1, 2);

/* Pretty JSON on stdout. Takes @node. */
void     pt_cli_print_json (JsonNode      *node);

/* A member as a JSON object: id, every profile field (consent as a
 * boolean), points_balance, tier and deleted. */
JsonObject *pt_cli_member_to_json (PtMember   *member);

/* A column of a table printed by pt_cli_print_table(). */
typedef struct
{
  const char *title;      /* already translated */
  guint       max_width;  /* in terminal cells; longer values are cut with … */
  gboolean    align_right;
} PtCliColumn;

/* Prints @rows (each a GStrv of @n_columns cells) under a header, every
 * column as wide as its widest cell, counting CJK characters as two cells. */
void     pt_cli_print_table (const PtCliColumn *columns,
                             guint              n_columns,
                             GPtrArray         *rows);

/* Parses a whole number between @min and @max given for @option; anything
 * else is a G_OPTION_ERROR_BAD_VALUE that names the option. */
gboolean pt_cli_parse_uint (const char    *option,
                            const char    *text,
                            guint64        min,
                            guint64        max,
                            guint64       *out,
                            GError       **error);

/* Parses @entries from argv (after the command name), GOption style,
 * failing with a clear message on unknown options. */
gboolean pt_cli_parse      (const char    *usage,
                            GOptionEntry  *entries,
                            int           *argc,
                            char        ***argv,
                            GError       **error);

/* "Usage: COMMAND [OPTION…] USAGE" and a pointer to --help, on stderr. */
void     pt_cli_print_usage (const char   *command,
                             const char   *usage);

/* The currency amounts are kept in ($PATRON_CURRENCY, else CNY). */
const char *pt_cli_currency (PtStore       *store);

/* A subcommand table and its dispatcher: "COMMAND SUB …" runs SUB with
 * argv starting at SUB; --help lists the table. */
typedef struct
{
  const char       *name;
  PtCliCommandFunc  func;
  const char       *summary;   /* N_() */
} PtCliSubcommand;

int      pt_cli_dispatch   (PtCliContext          *ctx,
                            const char            *command,
                            const PtCliSubcommand *subcommands,
                            guint                  n_subcommands,
                            int                    argc,
                            char                 **argv);

/* The @expected positional arguments left after the options (a "--"
 * before them is allowed), or NULL when there are more or fewer. */
char       **pt_cli_positional      (int    argc,
                                     char **argv,
                                     int    expected);
/* The one positional argument (ID|NUMBER or TEXT), or NULL. */
const char  *pt_cli_single_argument (int    argc,
                                     char **argv);

/* Parses an ISO 8601 date (YYYY-MM-DD) given for @option. */
gboolean pt_cli_parse_date (const char    *option,
                            const char    *text,
                            GDate         *date,
                            GError       **error);

/* The commands, one file each (pt-cli-NAME.c). */
int      pt_cli_members    (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_demo       (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_rewards    (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_coupons    (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_report     (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_purchase   (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_points     (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_tiers      (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_jobs       (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_verify     (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_campaigns  (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_sync       (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_redeem     (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_redemption (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_segments   (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_analytics  (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_import     (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_staff      (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_audit      (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_backup     (PtCliContext *ctx, int argc, char **argv);

/* The program's settings when their schema is installed, else NULL
 * (pt-cli-util.c). */
GSettings *pt_cli_get_settings (void);

/* pt-cli-staff.c: $PATRON_PIN or a PIN typed without echo. */
char    *pt_cli_read_pin   (const char   *prompt);
/* @phone as the acting staff member may see it (masked for clerks). */
char    *pt_cli_display_phone (const char *phone);
/* Signs in as --staff (PIN checked), or acts as the file's owner. */
gboolean pt_cli_choose_staff (PtCliContext *ctx,
                              PtStore      *store,
                              GError      **error);

/* members export-data (pt-cli-privacy.c) */
int      pt_cli_members_export_data (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_members_duplicates  (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_members_merge       (PtCliContext *ctx, int argc, char **argv);
int      pt_cli_members_erase       (PtCliContext *ctx, int argc, char **argv);

G_END_DECLS
