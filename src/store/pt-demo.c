/* pt-demo.c — sample data: a realistic café's members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-demo"

#include "config.h"

#include <string.h>

#include "pt-demo.h"
#include "pt-member.h"
#include "pt-store-members.h"
#include "pt-store-private.h"

/* Members written per transaction: large enough that commits do not
 * dominate, small enough that the WAL stays modest and progress moves. */
#define BATCH_SIZE 5000

/* Share of members with Chinese names, in percent. */
#define CHINESE_PERCENT 60

typedef struct
{
  const char *text;
  const char *ascii;    /* for e-mail addresses */
  guint       weight;   /* relative frequency (surnames) or gender (given names) */
} Word;

enum { FEMALE = 1, MALE = 2, EITHER = 3 };

/* The common surnames, roughly in proportion to how often they occur. */
static const Word cn_surnames[] = {
  { "王", "wang", 72 }, { "李", "li", 71 }, { "张", "zhang", 69 }, { "刘", "liu", 54 },
  { "陈", "chen", 46 }, { "杨", "yang", 33 }, { "赵", "zhao", 20 }, { "黄", "huang", 20 },
  { "周", "zhou", 19 }, { "吴", "wu", 19 }, { "徐", "xu", 13 }, { "孙", "sun", 12 },
  { "胡", "hu", 11 }, { "朱", "zhu", 11 }, { "高", "gao", 10 }, { "林", "lin", 10 },
  { "何", "he", 9 }, { "郭", "guo", 9 }, { "马", "ma", 9 }, { "罗", "luo", 7 },
  { "梁", "liang", 7 }, { "宋", "song", 6 }, { "郑", "zheng", 6 }, { "谢", "xie", 6 },
  { "韩", "han", 5 }, { "唐", "tang", 5 }, { "冯", "feng", 5 }, { "于", "yu", 5 },
  { "董", "dong", 5 }, { "萧", "xiao", 4 }, { "沈", "shen", 4 }, { "曹", "cao", 4 },
  { "许", "xu", 4 }, { "邓", "deng", 4 }, { "陆", "lu", 3 }, { "蒋", "jiang", 3 },
  { "欧阳", "ouyang", 1 }, { "司马", "sima", 1 },
};

static const Word cn_given[] = {
  { "芳", "fang", FEMALE }, { "娜", "na", FEMALE }, { "敏", "min", FEMALE },
  { "静", "jing", FEMALE }, { "丽", "li", FEMALE }, { "艳", "yan", FEMALE },
  { "娟", "juan", FEMALE }, { "婷", "ting", FEMALE }, { "雪", "xue", FEMALE },
  { "玲", "ling", FEMALE }, { "秀英", "xiuying", FEMALE }, { "桂英", "guiying", FEMALE },
  { "欣怡", "xinyi", FEMALE }, { "雨桐", "yutong", FEMALE }, { "梓萱", "zixuan", FEMALE },
  { "佳怡", "jiayi", FEMALE }, { "思雨", "siyu", FEMALE }, { "晓燕", "xiaoyan", FEMALE },
  { "美玲", "meiling", FEMALE }, { "诗涵", "shihan", FEMALE }, { "慧", "hui", FEMALE },
  { "伟", "wei", MALE }, { "强", "qiang", MALE }, { "磊", "lei", MALE },
  { "军", "jun", MALE }, { "洋", "yang", MALE }, { "勇", "yong", MALE },
  { "杰", "jie", MALE }, { "涛", "tao", MALE }, { "明", "ming", MALE },
  { "超", "chao", MALE }, { "斌", "bin", MALE }, { "鹏", "peng", MALE },
  { "晓明", "xiaoming", MALE }, { "浩然", "haoran", MALE }, { "宇轩", "yuxuan", MALE },
  { "俊杰", "junjie", MALE }, { "建华", "jianhua", MALE }, { "志强", "zhiqiang", MALE },
  { "子轩", "zixuan", MALE }, { "博文", "bowen", MALE },
  { "子涵", "zihan", EITHER }, { "文", "wen", EITHER }, { "平", "ping", EITHER },
  { "晨", "chen", EITHER }, { "一诺", "yinuo", EITHER },
};

static const Word en_first[] = {
  { "Emma", "emma", FEMALE }, { "Olivia", "olivia", FEMALE }, { "Sophia", "sophia", FEMALE },
  { "Charlotte", "charlotte", FEMALE }, { "Amelia", "amelia", FEMALE },
  { "Grace", "grace", FEMALE }, { "Lucy", "lucy", FEMALE }, { "Chloe", "chloe", FEMALE },
  { "Hannah", "hannah", FEMALE }, { "Emily", "emily", FEMALE }, { "Sarah", "sarah", FEMALE },
  { "Jessica", "jessica", FEMALE }, { "Laura", "laura", FEMALE }, { "Anna", "anna", FEMALE },
  { "Mia", "mia", FEMALE }, { "Zoë", "zoe", FEMALE }, { "Chloé", "chloe", FEMALE },
  { "Vivian", "vivian", FEMALE }, { "Cherry", "cherry", FEMALE }, { "Tiffany", "tiffany", FEMALE },
  { "James", "james", MALE }, { "Oliver", "oliver", MALE }, { "Jack", "jack", MALE },
  { "Harry", "harry", MALE }, { "William", "william", MALE }, { "Thomas", "thomas", MALE },
  { "Daniel", "daniel", MALE }, { "Michael", "michael", MALE }, { "David", "david", MALE },
  { "Lucas", "lucas", MALE }, { "Samuel", "samuel", MALE }, { "Benjamin", "benjamin", MALE },
  { "Matthew", "matthew", MALE }, { "Ethan", "ethan", MALE }, { "Noah", "noah", MALE },
  { "Kevin", "kevin", MALE }, { "Eric", "eric", MALE }, { "Jason", "jason", MALE },
  { "Alex", "alex", EITHER }, { "Sam", "sam", EITHER }, { "Jordan", "jordan", EITHER },
};

static const Word en_last[] = {
  { "Smith", "smith", 0 }, { "Johnson", "johnson", 0 }, { "Brown", "brown", 0 },
  { "Taylor", "taylor", 0 }, { "Wilson", "wilson", 0 }, { "Davies", "davies", 0 },
  { "Evans", "evans", 0 }, { "Roberts", "roberts", 0 }, { "Walker", "walker", 0 },
  { "Wright", "wright", 0 }, { "Robinson", "robinson", 0 }, { "Thompson", "thompson", 0 },
  { "White", "white", 0 }, { "Hughes", "hughes", 0 }, { "Green", "green", 0 },
  { "Hall", "hall", 0 }, { "Wood", "wood", 0 }, { "Harris", "harris", 0 },
  { "Martin", "martin", 0 }, { "Clarke", "clarke", 0 }, { "Lewis", "lewis", 0 },
  { "O'Brien", "obrien", 0 }, { "Müller", "mueller", 0 }, { "García", "garcia", 0 },
  { "Dubois", "dubois", 0 }, { "Rossi", "rossi", 0 }, { "Kim", "kim", 0 },
  { "Tanaka", "tanaka", 0 }, { "Nguyen", "nguyen", 0 }, { "Schmidt", "schmidt", 0 },
};

/* Cities: the café is in Shanghai; a few members live elsewhere. */
static const char * const cn_cities[] = {
  "上海", "上海", "上海", "上海", "上海", "上海", "上海", "上海", "上海", "上海",
  "上海", "上海", "上海", "上海", "苏州", "杭州", "北京", "南京", "深圳", "广州",
};
static const char * const en_cities[] = {
  "Shanghai", "Shanghai", "Shanghai", "Shanghai", "Shanghai", "Shanghai", "Shanghai",
  "Shanghai", "Shanghai", "Shanghai", "Shanghai", "Shanghai", "Suzhou", "Hangzhou",
  "Beijing", "Hong Kong", "Singapore", "London",
};

static const char * const cn_streets[] = {
  "南京西路", "淮海中路", "复兴中路", "武康路", "长乐路", "陕西南路", "愚园路", "巨鹿路",
  "永康路", "世纪大道", "张杨路", "四川北路",
};
static const char * const en_streets[] = {
  "West Nanjing Road", "Middle Huaihai Road", "Wukang Road", "Changle Road",
  "Yuyuan Road", "Julu Road", "Century Avenue", "Fuxing Road",
};

static const char * const phone_prefixes[] = {
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
  "153", "155", "156", "157", "158", "159", "166", "177", "180", "181", "185", "186",
  "187", "188", "189", "199",
};

static const char * const sources[] = {
  "Walk-in", "Walk-in", "Walk-in", "WeChat", "WeChat", "Xiaohongshu", "Instagram", "Flyer",
};

static const char * const cn_mail_domains[] = { "163.com", "126.com", "sina.com", "gmail.com" };
static const char * const en_mail_domains[] = {
  "gmail.com", "outlook.com", "icloud.com", "yahoo.com", "hotmail.com",
};

static const char * const tags[] = { "regular", "student", "office", "vegan" };

static const char * const notes[] = {
  "Prefers oat milk",
  "Allergic to nuts",
  "Orders a birthday cake every year",
  "Likes the window seat",
  "Brings a dog; offer water bowl",
  "喜欢燕麦拿铁，少冰",
  "对坚果过敏",
  "常带笔记本电脑来办公",
  "Works nearby, comes in before 9\nAsks for extra hot",
};

typedef struct
{
  PtStore            *store;
  GRand              *rand;
  GDate               today;
  PtDemoProgressFunc  progress;
  gpointer            user_data;
  /* Progress of the current phase maps onto [phase_start, phase_end]. */
  double              phase_start;
  double              phase_end;
} PtDemo;

static void
report_progress (PtDemo *demo,
                 double  phase_fraction)
{
  if (demo->progress != NULL)
    demo->progress (demo->phase_start +
                    (demo->phase_end - demo->phase_start) * CLAMP (phase_fraction, 0.0, 1.0),
                    demo->user_data);
}

static gboolean
chance (PtDemo *demo,
        guint   percent)
{
  return (guint) g_rand_int_range (demo->rand, 0, 100) < percent;
}

#define PICK(demo, array) ((array)[g_rand_int_range ((demo)->rand, 0, G_N_ELEMENTS (array))])

static const Word *
pick_weighted (PtDemo     *demo,
               const Word *words,
               guint       n_words)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < n_words; i++)
    total += words[i].weight;

  r = g_rand_int_range (demo->rand, 0, total);
  for (guint i = 0; i < n_words; i++)
    {
      if (r < words[i].weight)
        return &words[i];
      r -= words[i].weight;
    }
  return &words[n_words - 1];
}

static const char *
gender_of (PtDemo     *demo,
           const Word *given)
{
  /* Some members leave gender empty. */
  if (chance (demo, 8))
    return NULL;
  if (given->weight == EITHER)
    return chance (demo, 50) ? "female" : "male";
  return given->weight == FEMALE ? "female" : "male";
}

/* Phones are unique within one run: the member's index goes through a
 * bijection of 0 … 10⁸-1 (two affine steps around a swap of the halves),
 * so the numbers look random without repeating. */
static char *
make_phone (PtDemo  *demo,
            guint    index,
            guint32  seed)
{
  guint64 t = ((guint64) index * 73939133u + seed) % 100000000u;

  t = (t % 10000) * 10000 + t / 10000;
  t = (t * 19260817u + 4294967u) % 100000000u;

  return g_strdup_printf ("%s %04u %04u", PICK (demo, phone_prefixes),
                          (guint) (t / 10000), (guint) (t % 10000));
}

static char *
make_email (PtDemo     *demo,
            gboolean    chinese,
            const char *given,
            const char *family)
{
  if (chinese && chance (demo, 35))
    return g_strdup_printf ("%u@qq.com", (guint) g_rand_int_range (demo->rand, 10000, 999999999));

  switch (g_rand_int_range (demo->rand, 0, 4))
    {
    case 0:
      return g_strdup_printf ("%s.%s@%s", given, family,
                              chinese ? PICK (demo, cn_mail_domains) : PICK (demo, en_mail_domains));
    case 1:
      return g_strdup_printf ("%s%s%02u@%s", given, family,
                              (guint) g_rand_int_range (demo->rand, 0, 100),
                              chinese ? PICK (demo, cn_mail_domains) : PICK (demo, en_mail_domains));
    case 2:
      return g_strdup_printf ("%c%s@%s", given[0], family,
                              chinese ? PICK (demo, cn_mail_domains) : PICK (demo, en_mail_domains));
    default:
      return g_strdup_printf ("%s_%s%u@%s", family, given,
                              (guint) g_rand_int_range (demo->rand, 1970, 2010),
                              chinese ? PICK (demo, cn_mail_domains) : PICK (demo, en_mail_domains));
    }
}

static char *
make_birthday (PtDemo *demo)
{
  GDateYear year;
  GDateMonth month;
  GDateDay day;

  /* Most customers are young adults; the range is 1950 … 2008. */
  if (chance (demo, 65))
    year = g_rand_int_range (demo->rand, 1985, 2006);
  else
    year = g_rand_int_range (demo->rand, 1950, 2009);
  month = g_rand_int_range (demo->rand, 1, 13);
  day = g_rand_int_range (demo->rand, 1, g_date_get_days_in_month (month, year) + 1);

  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/* Members join in order over the last three years, a few days either
 * way, so that a referrer always joined before the member it referred. */
static char *
make_joined_on (PtDemo *demo,
                guint   index,
                guint   n_members)
{
  const guint span = 3 * 365;
  guint today = g_date_get_julian (&demo->today);
  gint64 offset = (gint64) span * index / MAX (n_members, 1);
  GDate date;
  char text[16];

  offset += g_rand_int_range (demo->rand, -3, 4);
  offset = CLAMP (offset, 0, span);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, today - span + (guint) offset);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  return g_strdup (text);
}

static char *
make_tags (PtDemo *demo)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (chance (demo, i == 0 ? 25 : 10))
      {
        if (text->len > 0)
          g_string_append (text, ", ");
        g_string_append (text, tags[i]);
      }

  return g_string_free (text, text->len == 0);
}

/* The id of the member with row id @rid, or NULL. */
static char *
lookup_earlier_member (PtDemo        *demo,
                       sqlite3_int64  rid,
                       GError       **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (demo->store, "SELECT id FROM members WHERE rid = ?1",
                                         error);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

static sqlite3_int64
last_member_rid (PtDemo *demo)
{
  sqlite3_stmt *stmt = pt_store_prepare (demo->store, "SELECT max (rid) FROM members", NULL);
  sqlite3_int64 rid = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rid;
}

static PtMember *
make_member (PtDemo        *demo,
             guint          index,
             guint          n_members,
             guint32        seed,
             sqlite3_int64  first_rid)
{
  g_autoptr(PtMember) member = pt_member_new ();
  gboolean chinese = chance (demo, CHINESE_PERCENT);
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *joined_on = NULL;
  g_autofree char *referrer = NULL;
  g_autofree char *member_tags = NULL;
  const Word *given;
  const char *family_ascii;

  if (chinese)
    {
      const Word *surname = pick_weighted (demo, cn_surnames, G_N_ELEMENTS (cn_surnames));

      given = &PICK (demo, cn_given);
      family_ascii = surname->ascii;
      name = g_strconcat (surname->text, given->text, NULL);
    }
  else
    {
      given = &PICK (demo, en_first);

      /* Many locals use an English first name with their own surname. */
      if (chance (demo, 25))
        {
          const Word *surname = pick_weighted (demo, cn_surnames, G_N_ELEMENTS (cn_surnames));
          g_autofree char *family = g_strdup (surname->ascii);

          family[0] = g_ascii_toupper (family[0]);
          family_ascii = surname->ascii;
          name = g_strconcat (given->text, " ", family, NULL);
        }
      else
        {
          const Word *surname = &PICK (demo, en_last);

          family_ascii = surname->ascii;
          name = g_strconcat (given->text, " ", surname->text, NULL);
        }
    }

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_GENDER, gender_of (demo, given));

  phone = make_phone (demo, index, seed);
  pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);

  if (chance (demo, chinese ? 55 : 80))
    {
      g_autofree char *email = make_email (demo, chinese, given->ascii, family_ascii);
      pt_member_set (member, PT_MEMBER_FIELD_EMAIL, email);
    }

  if (chance (demo, 80))
    {
      g_autofree char *birthday = make_birthday (demo);
      pt_member_set (member, PT_MEMBER_FIELD_BIRTHDAY, birthday);
    }

  pt_member_set (member, PT_MEMBER_FIELD_CITY,
                 chinese ? PICK (demo, cn_cities) : PICK (demo, en_cities));

  if (chance (demo, 30))
    {
      g_autofree char *address = NULL;
      guint house = g_rand_int_range (demo->rand, 1, 1800);

      if (chinese)
        address = g_strdup_printf ("%s%u号", PICK (demo, cn_streets), house);
      else
        address = g_strdup_printf ("%u %s", house, PICK (demo, en_streets));
      pt_member_set (member, PT_MEMBER_FIELD_ADDRESS, address);
    }

  joined_on = make_joined_on (demo, index, n_members);
  pt_member_set (member, PT_MEMBER_FIELD_JOINED_ON, joined_on);

  /* About one in ten came through a friend who is already a member. */
  if (index > 0 && chance (demo, 10))
    referrer = lookup_earlier_member (demo, first_rid + g_rand_int_range (demo->rand, 0, index),
                                      NULL);
  if (referrer != NULL)
    {
      pt_member_set (member, PT_MEMBER_FIELD_REFERRED_BY, referrer);
      pt_member_set (member, PT_MEMBER_FIELD_SOURCE, "Friend");
    }
  else
    {
      pt_member_set (member, PT_MEMBER_FIELD_SOURCE, PICK (demo, sources));
    }

  pt_member_set_marketing_consent (member, chance (demo, 60));

  member_tags = make_tags (demo);
  pt_member_set (member, PT_MEMBER_FIELD_TAGS, member_tags);

  if (chance (demo, 4))
    pt_member_set (member, PT_MEMBER_FIELD_NOTES, PICK (demo, notes));

  if (chance (demo, 2))
    pt_member_set (member, PT_MEMBER_FIELD_STATUS, chance (demo, 50) ? "suspended" : "cancelled");

  return g_steal_pointer (&member);
}

static gboolean
add_member_batch (PtDemo         *demo,
                  guint           first,
                  guint           end,
                  guint           n_members,
                  guint32         seed,
                  sqlite3_int64   first_rid,
                  GError        **error)
{
  if (!pt_store_begin (demo->store, error))
    return FALSE;

  for (guint i = first; i < end; i++)
    {
      g_autoptr(PtMember) member = make_member (demo, i, n_members, seed, first_rid);

      if (!pt_store_add_member (demo->store, member, error))
        {
          pt_store_rollback (demo->store);
          return FALSE;
        }
    }

  return pt_store_commit (demo->store, error);
}

/* Phase one: the members themselves. */
static gboolean
demo_members (PtDemo   *demo,
              guint     n_members,
              guint32   seed,
              GError  **error)
{
  sqlite3_int64 first_rid = last_member_rid (demo) + 1;

  for (guint first = 0; first < n_members; first += BATCH_SIZE)
    {
      guint end = MIN (first + BATCH_SIZE, n_members);

      if (!add_member_batch (demo, first, end, n_members, seed, first_rid, error))
        return FALSE;
      report_progress (demo, (double) end / n_members);
    }

  return TRUE;
}

gboolean
pt_demo_generate (PtStore             *store,
                  guint                n_members,
                  guint32              seed,
                  PtDemoProgressFunc   progress,
                  gpointer             user_data,
                  GError             **error)
{
  PtDemo demo = { NULL, };
  gboolean ok;

  g_return_val_if_fail (PT_IS_STORE (store), FALSE);

  demo.store = store;
  demo.rand = g_rand_new_with_seed (seed);
  demo.progress = progress;
  demo.user_data = user_data;
  g_date_clear (&demo.today, 1);
  g_date_set_time_t (&demo.today, time (NULL));

  /* Later phases (purchase history) take their share of the progress. */
  demo.phase_start = 0.0;
  demo.phase_end = 1.0;
  report_progress (&demo, 0.0);
  ok = demo_members (&demo, n_members, seed, error);

  g_rand_free (demo.rand);
  return ok;
}
