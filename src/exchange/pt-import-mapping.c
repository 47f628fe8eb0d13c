/* pt-import-mapping.c — header cells to fields, in English and Chinese
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "pt-exchange-error.h"
#include "pt-import-mapping.h"
#include "pt-import-values.h"

static const char * const member_fields[] = {
  "number", "name", "phone", "email", "birthday", "gender", "address", "city", "joined_on",
  "source", "notes", "tags", "marketing_consent", NULL
};
static const char * const purchase_fields[] = {
  "member", "date", "amount", "note", "branch", "ref", NULL
};
static const char * const balance_fields[] = {
  "member", "points", "date", "expires", "note", NULL
};

/* Header words per field, in English and simplified and traditional
 * Chinese (Big5 files come from Taiwan and Hong Kong), compared after
 * normalize_header (lower case, no spaces, dashes, underscores, dots or
 * bracketed units). An exact match wins over a header that merely
 * contains a word. */
typedef struct
{
  const char *field;
  const char *words;   /* '|'-separated */
} Synonyms;

static const Synonyms member_words[] = {
  { "number", "number|memberno|membernumber|memberid|cardno|cardnumber|card|no|"
              "会员号|会员编号|会员卡号|卡号|编号|会员卡|會員號|會員編號|會員卡號|卡號|編號" },
  { "name", "name|fullname|membername|customer|customername|client|"
            "姓名|名字|会员姓名|客户姓名|顾客姓名|客户名称|名称|會員姓名|客戶姓名|顧客姓名" },
  { "phone", "phone|mobile|tel|telephone|cell|cellphone|phonenumber|mobilephone|mobileno|"
             "手机|手机号|手机号码|电话|电话号码|联系电话|联系方式|移动电话|"
             "手機|手機號|手機號碼|電話|電話號碼|聯繫電話|聯絡電話|行動電話" },
  { "email", "email|mail|emailaddress|邮箱|电子邮箱|电子邮件|邮件|邮箱地址|郵箱|電子郵件|電郵" },
  { "birthday", "birthday|birthdate|dateofbirth|dob|born|生日|出生日期|出生年月日|出生年月" },
  { "gender", "gender|sex|性别|性別" },
  { "address", "address|street|地址|住址|联系地址|详细地址|家庭住址|聯絡地址" },
  { "city", "city|town|城市|所在城市|市" },
  { "joined_on", "joined|joinedon|joindate|signup|signupdate|registered|registrationdate|since|"
                 "membersince|created|入会日期|注册日期|开卡日期|加入日期|办卡日期|注册时间|入会时间|"
                 "入會日期|註冊日期|開卡日期" },
  { "source", "source|howheard|channel|referralsource|来源|渠道|客户来源|來源" },
  { "notes", "notes|note|remark|remarks|comment|comments|备注|说明|備註|說明" },
  { "tags", "tags|tag|labels|标签|標籤" },
  { "marketing_consent", "consent|marketing|marketingconsent|optin|newsletter|"
                         "营销许可|同意营销|接收营销|营销同意|订阅" },
};

static const Synonyms purchase_words[] = {
  { "member", "member|memberno|membernumber|memberid|card|cardno|cardnumber|customer|phone|mobile|"
              "会员|会员号|会员编号|卡号|会员卡号|手机|手机号|手机号码|客户|"
              "會員|會員號|會員編號|卡號|會員卡號|手機|手機號|客戶" },
  { "date", "date|day|time|datetime|purchasedate|saledate|when|"
            "日期|消费日期|交易日期|时间|消费时间|交易时间|购买日期|消費日期|交易時間" },
  { "amount", "amount|total|sum|spend|spent|price|value|"
              "金额|消费金额|实收金额|交易金额|实付金额|实收|消费额|总额|金額|消費金額|實收金額" },
  { "note", "note|notes|remark|remarks|comment|description|备注|说明|商品|備註|說明" },
  { "branch", "branch|store|shop|location|门店|分店|店铺|门店名称|門店|門市|店鋪" },
  { "ref", "ref|reference|receipt|receiptno|orderno|order|orderid|transaction|transactionid|id|"
           "单号|流水号|订单号|小票号|交易号|单据号|單號|訂單號|流水號" },
};

static const Synonyms balance_words[] = {
  { "member", "member|memberno|membernumber|memberid|card|cardno|cardnumber|customer|phone|mobile|"
              "会员|会员号|会员编号|卡号|会员卡号|手机|手机号|手机号码|客户|"
              "會員|會員號|會員編號|卡號|會員卡號|手機|手機號|客戶" },
  { "points", "points|balance|pointsbalance|积分|积分余额|剩余积分|可用积分|当前积分|積分|積分餘額" },
  { "date", "date|earned|earnedon|since|日期|获得日期|积分日期" },
  { "expires", "expires|expiry|expireson|expirydate|validuntil|until|"
               "到期日|有效期|过期日期|到期日期|有效期至|过期时间|過期日期|有效期限" },
  { "note", "note|notes|reason|remark|备注|说明|原因|備註" },
};

gboolean
pt_import_kind_from_string (const char   *text,
                            PtImportKind *kind)
{
  if (g_strcmp0 (text, "members") == 0)
    *kind = PT_IMPORT_MEMBERS;
  else if (g_strcmp0 (text, "purchases") == 0)
    *kind = PT_IMPORT_PURCHASES;
  else if (g_strcmp0 (text, "balances") == 0)
    *kind = PT_IMPORT_BALANCES;
  else
    return FALSE;
  return TRUE;
}

const char *
pt_import_kind_to_string (PtImportKind kind)
{
  switch (kind)
    {
    case PT_IMPORT_MEMBERS:
      return "members";
    case PT_IMPORT_PURCHASES:
      return "purchases";
    case PT_IMPORT_BALANCES:
    default:
      return "balances";
    }
}

const char * const *
pt_import_kind_fields (PtImportKind kind)
{
  switch (kind)
    {
    case PT_IMPORT_MEMBERS:
      return member_fields;
    case PT_IMPORT_PURCHASES:
      return purchase_fields;
    case PT_IMPORT_BALANCES:
    default:
      return balance_fields;
    }
}

guint
pt_import_kind_n_fields (PtImportKind kind)
{
  return g_strv_length ((char **) pt_import_kind_fields (kind));
}

int
pt_import_field_index (PtImportKind  kind,
                       const char   *field)
{
  const char * const *fields = pt_import_kind_fields (kind);

  for (int i = 0; fields[i]; i++)
    if (g_strcmp0 (fields[i], field) == 0)
      return i;
  return -1;
}

gboolean
pt_import_field_required (PtImportKind kind,
                          guint        field)
{
  const char *name = pt_import_kind_fields (kind)[field];

  switch (kind)
    {
    case PT_IMPORT_MEMBERS:
      return strcmp (name, "name") == 0;
    case PT_IMPORT_PURCHASES:
      return strcmp (name, "member") == 0 || strcmp (name, "date") == 0 ||
             strcmp (name, "amount") == 0;
    case PT_IMPORT_BALANCES:
    default:
      return strcmp (name, "member") == 0 || strcmp (name, "points") == 0;
    }
}

static const Synonyms *
kind_synonyms (PtImportKind  kind,
               guint        *n)
{
  switch (kind)
    {
    case PT_IMPORT_MEMBERS:
      *n = G_N_ELEMENTS (member_words);
      return member_words;
    case PT_IMPORT_PURCHASES:
      *n = G_N_ELEMENTS (purchase_words);
      return purchase_words;
    case PT_IMPORT_BALANCES:
    default:
      *n = G_N_ELEMENTS (balance_words);
      return balance_words;
    }
}

/* "Mobile No." → "mobileno", "手机号（必填）" → "手机号". */
static char *
normalize_header (const char *cell)
{
  g_autofree char *trimmed = pt_import_trim (cell);
  g_autofree char *lower = g_utf8_strdown (trimmed, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '(' || c == 0xff08 || c == '[' || c == 0x3010)
        break;
      if (g_unichar_isspace (c) || c == '_' || c == '-' || c == '.' || c == ':' ||
          c == 0xff1a || c == '*' || c == '/' || c == '#')
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static int
find_field (const Synonyms *synonyms,
            const char     *field,
            guint           n)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (synonyms[i].field, field) == 0)
      return (int) i;
  return -1;
}

/* 2: the header is one of the words; 1: it contains a word of at least
 * two characters (Chinese headers add words around the key one). */
static int
match_score (const char *header,
             const char *words)
{
  g_auto(GStrv) list = g_strsplit (words, "|", -1);
  int best = 0;

  for (guint i = 0; list[i]; i++)
    {
      if (strcmp (header, list[i]) == 0)
        return 2;
      if (g_utf8_strlen (list[i], -1) >= 2 && !g_ascii_isalpha (list[i][0]) &&
          strstr (header, list[i]) != NULL)
        best = 1;
    }
  return best;
}

void
pt_import_guess_mapping (PtImportKind  kind,
                         GPtrArray    *header,
                         int          *columns)
{
  const char * const *fields = pt_import_kind_fields (kind);
  guint n_fields = pt_import_kind_n_fields (kind);
  guint n_synonyms;
  const Synonyms *synonyms = kind_synonyms (kind, &n_synonyms);
  g_autofree gboolean *taken = g_new0 (gboolean, header ? header->len + 1 : 1);
  g_auto(GStrv) normal = g_new0 (char *, header ? header->len + 1 : 1);

  for (guint f = 0; f < n_fields; f++)
    columns[f] = -1;
  if (header == NULL)
    return;
  for (guint c = 0; c < header->len; c++)
    normal[c] = normalize_header (g_ptr_array_index (header, c));

  /* Exact matches first, then containment, each field taking the first
   * free column, in the order the fields are listed. */
  for (int score = 2; score >= 1; score--)
    for (guint f = 0; f < n_fields; f++)
      {
        int s = find_field (synonyms, fields[f], n_synonyms);

        if (columns[f] >= 0 || s < 0)
          continue;
        for (guint c = 0; c < header->len; c++)
          if (!taken[c] && *normal[c] != '\0' && match_score (normal[c], synonyms[s].words) == score)
            {
              columns[f] = (int) c;
              taken[c] = TRUE;
              break;
            }
      }
}

static int
find_column (GPtrArray  *header,
             const char *name)
{
  char *end = NULL;
  gint64 number = g_ascii_strtoll (name, &end, 10);

  for (guint c = 0; c < header->len; c++)
    {
      g_autofree char *cell = pt_import_trim (g_ptr_array_index (header, c));

      if (g_utf8_collate (cell, name) == 0)
        return (int) c;
    }
  if (end != name && *end == '\0' && number >= 1 && number <= header->len)
    return (int) number - 1;
  return -2;
}

gboolean
pt_import_apply_map (PtImportKind   kind,
                     const char    *map,
                     GPtrArray     *header,
                     int           *columns,
                     GError       **error)
{
  g_auto(GStrv) entries = NULL;
  guint n_fields = pt_import_kind_n_fields (kind);

  if (map == NULL || *map == '\0')
    return TRUE;

  entries = g_strsplit (map, ",", -1);
  for (guint i = 0; entries[i]; i++)
    {
      g_auto(GStrv) pair = g_strsplit (entries[i], "=", 2);
      g_autofree char *field = NULL;
      g_autofree char *column = NULL;
      int f, c;

      if (pair[0] == NULL || pair[1] == NULL)
        {
          /* Translators: %s is one entry of --map, such as name=姓名 */
          g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING,
                       _("Mapping: “%s” is not FIELD=COLUMN"), entries[i]);
          return FALSE;
        }
      field = pt_import_trim (pair[0]);
      column = pt_import_trim (pair[1]);
      f = pt_import_field_index (kind, field);
      if (f < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) pt_import_kind_fields (kind));
          /* Translators: %s is a field name, then the list of known fields */
          g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING,
                       _("Mapping: unknown field “%s”; the fields are %s"), field, known);
          return FALSE;
        }
      if (*column == '\0')
        {
          columns[f] = -1;
          continue;
        }
      c = header ? find_column (header, column) : -2;
      if (c < 0)
        {
          /* Translators: %s is a column name given in --map */
          g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING,
                       _("Mapping: the file has no column “%s”"), column);
          return FALSE;
        }
      /* The column now serves this field alone. */
      for (guint g = 0; g < n_fields; g++)
        if (columns[g] == c)
          columns[g] = -1;
      columns[f] = c;
    }
  return TRUE;
}

gboolean
pt_import_check_mapping (PtImportKind   kind,
                         const int     *columns,
                         GError       **error)
{
  const char * const *fields = pt_import_kind_fields (kind);

  for (guint f = 0; fields[f]; f++)
    if (columns[f] < 0 && pt_import_field_required (kind, f))
      {
        /* Translators: %s is a field name such as "amount" */
        g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING,
                     _("Mapping: no column for the required field “%s”; name one with "
                       "%s=COLUMN"), fields[f], fields[f]);
        return FALSE;
      }
  return TRUE;
}
