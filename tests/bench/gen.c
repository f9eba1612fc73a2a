/*
 * Benchmark fixture: a district-sized data set in the client's schema.
 *
 *	gen [-s seekers] [-e employers] [-v vacancies] [-f referrals]
 *	    [-g guidance_sessions] [-S service_events] [-r seed] [-c codes_dir] DB
 *
 * Seekers with plausible Chinese names (surnames weighted by frequency,
 * some compound surnames, one- or two-character given names), valid ID
 * numbers of Beijing districts, unique mobile phones and codes from the
 * loaded code lists, with their name grams, about two thirds of them open
 * and valid today; employers with valid USCCs; vacancies, most of them
 * open; referrals between them with their outcomes. Seekers' wishes and
 * vacancies' occupations come from one skewed draw: a few occupations
 * are common, most are rare, as at a real window, so that matching sees
 * both. Career guidance sessions with their plans, some of them group
 * workshops, most with persons recognised as hard to employ. Then the
 * free-service ledger of the last year: the service events the records
 * above give (registrations, referrals and candidates, vacancies,
 * sessions), with the ids the store derives for them, filled up with
 * the services given by hand (job queries, policy consultations,
 * recruitment talks, once a day each) at the windows of the district's
 * centre and street offices, each decided by a rule table on what its
 * person or employer was that day (the snapshot columns). A few seekers
 * (GEN_HEAVY) have a timeline of exactly GEN_HEAVY_EVENTS services over
 * three years and GEN_HEAVY_SESSIONS guidance sessions.
 *
 * The database is created through store_open (schema, terminal id,
 * identity key), the code lists are loaded, the offices and a clerk
 * account "bench" are added through the store, so that the client shows
 * its login screen on this database. The bulk rows are then written over
 * a plain connection with prepared statements, the way rows synced in
 * from the district would arrive: no outbox, no audit. One function per
 * record kind (gen_seekers, gen_employers...), each keeping in struct
 * written what the later ones draw on and adding the service events its
 * records give; a new kind is one more such function in main's order.
 *
 * Prints figures one per line as "name value unit". The random choices
 * come from a seeded generator; only the derived ids differ between runs
 * (the identity key is new with every database).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "core/casefile.h"
#include "core/check.h"
#include "core/hlc.h"
#include "core/ident.h"
#include "core/idnum.h"
#include "core/uscc.h"
#include "core/kind.h"
#include "core/service.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/employer.h"
#include "store/guidance.h"
#include "store/matching.h"
#include "store/seeker.h"
#include "store/store.h"

#include "benchlib.h"

#define GEN_BATCH	10000	/* rows per transaction */
#define GEN_OFFICE	"110105"
#define GEN_LOGIN	"bench"
#define GEN_PASSWORD	"bench-password"
#define GEN_YEAR	365	/* days of service events */
#define GEN_HEAVY	5	/* seekers with a long timeline... */
#define GEN_HEAVY_EVENTS 1000	/* ...of this many services... */
#define GEN_HEAVY_SESSIONS 40	/* ...this many guidance sessions among them... */
#define GEN_HEAVY_DAYS	1095	/* ...over three years */

/*
 * The district's offices: its employment service centre (the office of
 * every record above, and of the clerk "bench") and street offices
 * (街道社保所) that give services at their own windows. Clerks are
 * numbered across the offices in this order: clerk01 to clerk12 at the
 * centre, as the records' created_by says, then the streets' own.
 */
static const struct gen_office {
	const char	*code, *name, *level;
	unsigned	 clerks;	/* at its windows */
	unsigned	 counsellors;	/* of them with a guidance grade */
	unsigned	 share;		/* of the services given by hand, in per cent */
} gen_offices[] = {
	{ .code = GEN_OFFICE, .name = "朝阳区公共就业服务中心", .level = "district",
	  .clerks = 12, .counsellors = 3, .share = 46 },
	{ .code = "110105001", .name = "建外街道社会保障事务所", .level = "street",
	  .clerks = 4, .counsellors = 1, .share = 10 },
	{ .code = "110105002", .name = "朝外街道社会保障事务所", .level = "street",
	  .clerks = 4, .counsellors = 1, .share = 9 },
	{ .code = "110105003", .name = "呼家楼街道社会保障事务所", .level = "street",
	  .clerks = 4, .counsellors = 0, .share = 9 },
	{ .code = "110105004", .name = "三里屯街道社会保障事务所", .level = "street",
	  .clerks = 3, .counsellors = 0, .share = 7 },
	{ .code = "110105005", .name = "望京街道社会保障事务所", .level = "street",
	  .clerks = 5, .counsellors = 1, .share = 12 },
	{ .code = "110105006", .name = "劲松街道社会保障事务所", .level = "street",
	  .clerks = 3, .counsellors = 0, .share = 7 },
};
#define GEN_NOFFICES	(sizeof gen_offices / sizeof gen_offices[0])

/* A clerk of an office (gen_clerks_init): its login, and whether it has a guidance grade. */
struct gen_clerk {
	char	 login[16];
	size_t	 office;
	int	 counsellor;
};

static struct gen_clerk	*gen_clerks;
static size_t		 gen_nclerks;
/* Where each office's clerks begin in gen_clerks. */
static size_t		 gen_office_first[GEN_NOFFICES];

/* Surnames with rough frequencies per 10,000 people (national figures, Beijing-ish order). */
static const struct surname {
	const char	*s;
	unsigned	 w;
} surnames[] = {
	{ "王", 725 }, { "李", 719 }, { "张", 683 }, { "刘", 538 }, { "陈", 453 },
	{ "杨", 308 }, { "赵", 229 }, { "黄", 223 }, { "吴", 205 }, { "周", 191 },
	{ "孙", 154 }, { "徐", 148 }, { "马", 129 }, { "朱", 121 }, { "胡", 120 },
	{ "郭", 118 }, { "何", 117 }, { "高", 100 }, { "林", 100 }, { "罗", 87 },
	{ "郑", 80 }, { "梁", 80 }, { "谢", 72 }, { "宋", 70 }, { "唐", 67 },
	{ "许", 65 }, { "韩", 60 }, { "冯", 60 }, { "邓", 58 }, { "曹", 57 },
	{ "肖", 57 }, { "彭", 55 }, { "曾", 55 }, { "于", 55 }, { "董", 55 },
	{ "程", 50 }, { "袁", 50 }, { "蒋", 50 }, { "吕", 46 }, { "沈", 45 },
	{ "苏", 45 }, { "卢", 45 }, { "蔡", 45 }, { "傅", 42 }, { "魏", 42 },
	{ "贾", 40 }, { "丁", 40 }, { "叶", 40 }, { "余", 40 }, { "潘", 40 },
	{ "杜", 40 }, { "钟", 35 }, { "田", 35 }, { "任", 35 }, { "姜", 35 },
	{ "范", 32 }, { "石", 32 }, { "姚", 32 }, { "夏", 30 }, { "汪", 30 },
	{ "方", 30 }, { "谭", 30 }, { "廖", 30 }, { "薛", 30 }, { "闫", 28 },
	{ "戴", 28 }, { "邹", 28 }, { "熊", 28 }, { "金", 28 }, { "陆", 28 },
	{ "郝", 25 }, { "白", 25 }, { "崔", 25 }, { "孔", 23 }, { "邱", 22 },
	{ "秦", 22 }, { "江", 22 }, { "侯", 22 }, { "孟", 22 }, { "康", 20 },
	{ "毛", 20 }, { "史", 20 }, { "顾", 20 }, { "邵", 20 }, { "龙", 20 },
	{ "段", 20 }, { "雷", 20 }, { "万", 18 }, { "钱", 18 }, { "汤", 18 },
	{ "尹", 18 }, { "黎", 18 }, { "武", 18 }, { "贺", 17 }, { "易", 16 },
	{ "常", 16 }, { "乔", 15 }, { "赖", 15 }, { "龚", 15 }, { "文", 15 },
	{ "陶", 15 }, { "严", 15 }, { "韦", 15 }, { "庞", 12 }, { "樊", 12 },
	{ "洪", 12 }, { "温", 12 }, { "兰", 10 }, { "殷", 10 }, { "施", 10 },
	{ "翟", 10 }, { "安", 10 }, { "颜", 10 }, { "倪", 10 }, { "牛", 10 },
	{ "季", 10 }, { "俞", 10 }, { "章", 10 }, { "鲁", 10 }, { "葛", 10 },
	{ "伍", 10 }, { "申", 10 }, { "毕", 8 }, { "聂", 8 }, { "焦", 8 },
	{ "向", 8 }, { "邢", 8 }, { "岳", 8 }, { "齐", 8 }, { "莫", 8 },
	{ "覃", 8 }, { "尤", 6 }, { "柳", 6 }, { "梅", 6 }, { "庄", 6 },
	{ "辛", 6 }, { "管", 6 }, { "祝", 6 }, { "谷", 6 }, { "耿", 6 },
	{ "关", 6 }, { "苗", 6 }, { "左", 5 }, { "涂", 5 }, { "祁", 5 },
	{ "时", 5 }, { "舒", 5 }, { "路", 5 }, { "纪", 5 }, { "靳", 5 },
	{ "盛", 5 }, { "童", 5 }, { "曲", 5 }, { "成", 5 }, { "牟", 4 },
	{ "卜", 4 }, { "詹", 4 }, { "凌", 4 }, { "费", 4 }, { "欧", 4 },
	{ "项", 4 }, { "游", 4 }, { "裴", 4 }, { "席", 4 }, { "卫", 4 },
	{ "屈", 4 }, { "鲍", 4 }, { "霍", 4 }, { "翁", 4 }, { "单", 4 },
	{ "包", 4 }, { "苑", 3 }, { "甄", 3 }, { "隋", 3 }, { "甘", 3 },
	{ "景", 3 }, { "司", 3 }, { "宁", 3 }, { "柯", 3 }, { "柴", 3 },
	{ "华", 3 }, { "车", 3 }, { "房", 3 }, { "饶", 3 }, { "宫", 2 },
	{ "阮", 2 }, { "桂", 2 }, { "闵", 2 }, { "解", 2 }, { "冉", 2 },
	{ "边", 2 }, { "吉", 2 }, { "瞿", 2 }, { "戚", 2 }, { "古", 2 },
	{ "米", 2 }, { "滕", 2 }, { "全", 2 }, { "臧", 1 }, { "畅", 1 },
};

/* Compound surnames: about 3 people in 1,000 here. */
static const char *const compound_surnames[] = {
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
	"夏侯", "司徒", "端木", "长孙", "宇文",
};

/*
 * Characters of given names, roughly most common first; a skewed pick
 * makes the first ones the most frequent, as 伟, 芳 and 敏 are.
 */
static const char given_chars[] =
	"伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华建国文辉玉梅红鹏飞鑫波斌"
	"宇浩凯健俊帆帅旭宁龙林欢阳佳婷雪琳晶颖丹玲萍倩慧莉燕晨博海峰亮成志新东春云"
	"金荣立永庆生福德宝山松子晓小雨婧瑶怡欣悦诗梦琪涵彤璐璇蕾薇露蓉莹岚凤娥琴珍"
	"贞莲菊淑惠巧美月嫣珊琼素洁雅芝环瑞凡佩冰琦婉茜楠彬坤鹤鸿宏泽润清源淇沛潇洪"
	"澄航杨柳森楷栋梁榆枫晗晖昊昌晟曦暄景晴智昭皓霖霏霄震雷雯霆翔羽凌腾越跃达"
	"迪远进逸通道辰宸宙安家富贵盛兴旺禄喜吉祥和顺利康乐泰娴贤良义仁礼信忠孝勤"
	"朴实诚正直方毅威雄壮英豪士彦嘉卓群哲思想意心怡情然天秋冬竹桃李杏青紫铭钧"
	"钰锋锐镇珠琳瑛瑜瑾璋珂珏玮玲瑚玥子轩涵梓睿铮一诺依若可欣萱菲妍语嘉雯蕊秀"
	"爱艺博霞春兵军桂香凤英兰秀红振国庆卫东永胜建华志刚";

static const char *const roads[] = {
	"建国路", "朝阳路", "光华路", "东三环中路", "工体北路", "望京街", "酒仙桥路",
	"安立路", "北苑路", "广顺北大街", "十里堡路", "石佛营路", "劲松路", "潘家园路",
	"西坝河南路", "左家庄北里", "团结湖路", "呼家楼路", "八里庄西里", "定福庄东街",
	"管庄路", "高碑店路", "小红门路", "南磨房路", "垡头西路", "亮马桥路", "麦子店街",
	"三里屯路", "东大桥路", "农展馆南路",
};

static const char *const majors[] = {
	"计算机科学与技术", "会计学", "市场营销", "机械设计制造及其自动化", "汉语言文学",
	"护理学", "电子商务", "物流管理", "土木工程", "英语", "工商管理", "财务管理",
	"软件工程", "法学", "学前教育", "旅游管理", "电气工程及其自动化", "数控技术",
	"汽车运用与维修", "烹饪工艺与营养", "酒店管理", "环境艺术设计", "行政管理",
};

static const char *const skills[] = {
	"驾驶证C1", "办公软件熟练", "普通话二级甲等", "会计从业资格", "电工证", "厨师证",
	"育婴员证", "养老护理员证", "叉车证", "英语四级", "计算机二级", "焊工证",
	"保安员证", "营养师证", "客户服务", "仓储管理", "数据录入", "收银",
};

static const char *const jobs[] = {
	"销售", "客服", "行政", "仓库管理", "餐饮服务", "保洁", "保安", "司机", "会计",
	"快递配送", "收银", "家政服务", "物业管理", "软件开发", "教培", "护理", "电工",
	"厨师", "导购", "文员",
};

static const char *const company_words[] = {
	"华信", "中科", "恒通", "博远", "金泰", "京华", "远航", "鼎盛", "宏达", "瑞丰",
	"天成", "嘉禾", "新锐", "盛世", "创新", "腾飞", "合力", "众诚", "安和", "百川",
	"长城", "燕京", "朝阳", "望京", "国贸", "东方", "北辰", "润泽", "万达", "永信",
	"同创", "方圆", "启明", "优品", "乐家", "康健", "诚信", "精英", "汇通", "卓越",
};

static const char *const company_trades[] = {
	"科技", "商贸", "餐饮管理", "物业管理", "建筑工程", "文化传媒", "物流", "医药",
	"教育咨询", "信息技术", "酒店管理", "家政服务", "汽车服务", "电子", "食品",
	"网络技术", "人力资源", "广告", "装饰工程", "贸易",
};

static const char *const hours[] = {
	"09:00-18:00", "08:30-17:30", "10:00-19:00", "两班倒", "三班倒", "做六休一",
	"08:00-16:00", "弹性工作制",
};

/* Education codes (GB/T 4658-2006) and how often each turns up at the window. */
static const struct weighted {
	const char	*code;
	unsigned	 w;
} education_weights[] = {
	{ "11", 1 }, { "14", 4 }, { "21", 18 }, { "31", 20 }, { "41", 6 }, { "44", 5 },
	{ "47", 5 }, { "61", 16 }, { "71", 20 }, { "81", 3 },
};

static const char *const mobile_prefixes[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
	"150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175",
	"176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188",
	"189", "191", "198", "199",
};
#define NPREFIXES	(sizeof mobile_prefixes / sizeof mobile_prefixes[0])

/* A list of codes (and their Chinese names) taken from the loaded code table. */
struct codeset {
	char	**code;
	char	**name;
	size_t	  n;
};

/* UTF-8 pieces of a string, one character each. */
struct chars {
	char	(*c)[8];
	size_t	  n;
};

/* Split a UTF-8 string into characters, dropping repeats. */
static void
chars_split(const char *s, struct chars *out)
{
	const char *p = s;

	out->c = NULL;
	out->n = 0;
	while (*p != '\0') {
		const char *next = p + 1;
		size_t i, len;
		int dup = 0;

		while ((*next & 0xc0) == 0x80)
			next++;
		len = (size_t)(next - p);
		if (len >= sizeof out->c[0])
			fatalx("gen: character too long in the name list");
		for (i = 0; i < out->n && !dup; i++)
			dup = strncmp(out->c[i], p, len) == 0 && out->c[i][len] == '\0';
		if (!dup) {
			out->c = xreallocarray(out->c, out->n + 1, sizeof out->c[0]);
			memcpy(out->c[out->n], p, len);
			out->c[out->n][len] = '\0';
			out->n++;
		}
		p = next;
	}
}

/* Codes of a list matching an SQL condition, non-deprecated, in code order. */
static void
codeset_load(sqlite3 *db, const char *list, const char *cond, const char *arg,
    struct codeset *cs)
{
	sqlite3_stmt *stmt;
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT code, name_zh FROM code WHERE list = ?1 AND "
	    "deprecated = 0 AND %s ORDER BY code", cond);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("gen: cannot prepare \"%s\": %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, list, -1, SQLITE_STATIC);
	if (arg != NULL)
		sqlite3_bind_text(stmt, 2, arg, -1, SQLITE_STATIC);
	memset(cs, 0, sizeof *cs);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		cs->code = xreallocarray(cs->code, cs->n + 1, sizeof *cs->code);
		cs->name = xreallocarray(cs->name, cs->n + 1, sizeof *cs->name);
		cs->code[cs->n] = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		cs->name[cs->n] = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		cs->n++;
	}
	sqlite3_finalize(stmt);
	if (cs->n == 0)
		fatalx("gen: the code list \"%s\" has no codes where %s (are the lists loaded?)",
		    list, cond);
}

/* Free a code set's strings. */
static void
codeset_free(struct codeset *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->code[i]);
		free(cs->name[i]);
	}
	free(cs->code);
	free(cs->name);
	memset(cs, 0, sizeof *cs);
}

/* Index of a code in a set, or -1. */
static long
codeset_find(const struct codeset *cs, const char *code)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->code[i], code) == 0)
			return (long)i;
	return -1;
}

/* A uniform pick from a code set. */
static size_t
codeset_pick(const struct codeset *cs)
{
	return rng_below(cs->n);
}

/* Everything the row makers draw from. */
struct pools {
	struct codeset	 districts;	/* region codes of Beijing's districts */
	struct codeset	*streets;	/* per district */
	struct codeset	 education, household, category, hardship, occupation, industry;
	struct codeset	 employer_type, reasons, guidance_kind;
	const char	*edu_codes[16];
	unsigned	 edu_cum[16];
	size_t		 nedu;
	unsigned	 surname_cum[sizeof surnames / sizeof surnames[0]];
	/* Occupations by popularity: occ_order[rank] indexes occupation, occ_cum weighs ranks. */
	size_t		*occ_order;
	unsigned	*occ_cum;
	struct chars	 given;
	long		 office_district;
	int		 today;
};

/*
 * How common an occupation is at the window, 0 the most: the few 细类 the
 * list has (security guards, cooks, carers...), then the service and
 * production trades (大类 4 and 6), then the professions, then the rest.
 */
static unsigned
occupation_class(const char *code)
{
	if (strlen(code) > 7)
		return 0;
	if (code[0] == '4' || code[0] == '6')
		return 1;
	if (code[0] == '2' || code[0] == '3')
		return 2;
	return 3;
}

/*
 * Rank the occupations by popularity (by class, shuffled within one) and
 * weigh rank r as 1 / (r + 4)^1.1: the first few are wanted by several
 * per cent of the seekers each, the last hundred by a few in 10,000.
 */
static void
occupations_rank(struct pools *p)
{
	size_t n = p->occupation.n, i, j, k = 0;
	unsigned cls, total = 0;

	p->occ_order = xcalloc(n, sizeof *p->occ_order);
	p->occ_cum = xcalloc(n, sizeof *p->occ_cum);
	for (cls = 0; cls <= 3; cls++) {
		size_t first = k;

		for (i = 0; i < n; i++)
			if (occupation_class(p->occupation.code[i]) == cls)
				p->occ_order[k++] = i;
		for (i = k; i > first + 1; i--) {
			size_t t;

			j = first + rng_below(i - first);
			t = p->occ_order[i - 1];
			p->occ_order[i - 1] = p->occ_order[j];
			p->occ_order[j] = t;
		}
	}
	for (i = 0; i < n; i++) {
		total += (unsigned)(1e6 / pow((double)i + 4, 1.1)) + 1;
		p->occ_cum[i] = total;
	}
}

/* Load the code sets and weight tables from the loaded code lists. */
static void
pools_load(sqlite3 *db, struct pools *p)
{
	unsigned total = 0;
	size_t i;

	memset(p, 0, sizeof *p);
	p->today = store_today();
	codeset_load(db, "region", "parent = ?2 AND code LIKE '1101__'", "110000", &p->districts);
	p->streets = xcalloc(p->districts.n, sizeof *p->streets);
	for (i = 0; i < p->districts.n; i++)
		codeset_load(db, "region", "parent = ?2", p->districts.code[i], &p->streets[i]);
	codeset_load(db, "education", "parent <> ''", NULL, &p->education);
	codeset_load(db, "household", "1", NULL, &p->household);
	codeset_load(db, "person_category", "1", NULL, &p->category);
	codeset_load(db, "hardship", "1", NULL, &p->hardship);
	codeset_load(db, "occupation", "parent <> '' AND length(code) > 3", NULL, &p->occupation);
	codeset_load(db, "industry", "parent <> ''", NULL, &p->industry);
	codeset_load(db, "employer_type", "code <> 'enterprise'", NULL, &p->employer_type);
	codeset_load(db, "withdraw_reason", "code IN ('self_employed', 'moved', 'request', "
	    "'duplicate', 'other')", NULL, &p->reasons);
	codeset_load(db, "guidance_kind", "1", NULL, &p->guidance_kind);
	for (i = 0; i < sizeof education_weights / sizeof education_weights[0]; i++) {
		if (codeset_find(&p->education, education_weights[i].code) < 0)
			continue;
		total += education_weights[i].w;
		p->edu_codes[p->nedu] = education_weights[i].code;
		p->edu_cum[p->nedu++] = total;
	}
	if (p->nedu == 0)
		fatalx("gen: none of the usual education codes is in the loaded list");
	total = 0;
	for (i = 0; i < sizeof surnames / sizeof surnames[0]; i++) {
		total += surnames[i].w;
		p->surname_cum[i] = total;
	}
	occupations_rank(p);
	chars_split(given_chars, &p->given);
	p->office_district = codeset_find(&p->districts, GEN_OFFICE);
	if (p->office_district < 0)
		fatalx("gen: the office's district %s is not in the region list", GEN_OFFICE);
}

/* Free what pools_load made. */
static void
pools_free(struct pools *p)
{
	size_t i;

	for (i = 0; i < p->districts.n; i++)
		codeset_free(&p->streets[i]);
	free(p->streets);
	codeset_free(&p->districts);
	codeset_free(&p->education);
	codeset_free(&p->household);
	codeset_free(&p->category);
	codeset_free(&p->hardship);
	codeset_free(&p->occupation);
	codeset_free(&p->industry);
	codeset_free(&p->employer_type);
	codeset_free(&p->reasons);
	codeset_free(&p->guidance_kind);
	free(p->occ_order);
	free(p->occ_cum);
	free(p->given.c);
}

/* Index into a cumulative weight table. */
static size_t
pick_cum(const unsigned *cum, size_t n)
{
	unsigned r = (unsigned)rng_below(cum[n - 1]);
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r < cum[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* An occupation (index into the code set), the common ones far more often. */
static size_t
pick_occupation(const struct pools *p)
{
	return p->occ_order[pick_cum(p->occ_cum, p->occupation.n)];
}

/* A given-name character, the common ones more often. */
static const char *
pick_given(const struct pools *p)
{
	size_t i = (size_t)((double)p->given.n * pow(rng_unit(), 1.8));

	return p->given.c[i < p->given.n ? i : p->given.n - 1];
}

/* A person's name: surname, then one (about a fifth) or two characters. */
static void
make_name(const struct pools *p, char *out, size_t outlen)
{
	const char *sur;

	if (rng_below(1000) < 3)
		sur = compound_surnames[rng_below(sizeof compound_surnames /
		    sizeof compound_surnames[0])];
	else
		sur = surnames[pick_cum(p->surname_cum, sizeof surnames / sizeof surnames[0])].s;
	if (rng_below(100) < 22)
		snprintf(out, outlen, "%s%s", sur, pick_given(p));
	else
		snprintf(out, outlen, "%s%s%s", sur, pick_given(p), pick_given(p));
}

/* A district, the office's own most often, and one of its streets. */
static size_t
pick_district(const struct pools *p)
{
	if (rng_below(100) < 60)
		return (size_t)p->office_district;
	return codeset_pick(&p->districts);
}

/* Milliseconds of a moment in office hours on a day (YYYYMMDD, Beijing time). */
static uint64_t
day_ms(int ymd)
{
	/* 08:30 to 17:00 in Beijing is 00:30 to 09:00 UTC. */
	uint64_t s = (uint64_t)date_to_days(ymd) * 86400 + 1800 + rng_below(8 * 3600 + 1800);

	return s * 1000 + rng_below(1000);
}

/* The 17 digits of an ID number: region, birth date, sequence; then the check. */
static void
make_idnum(const struct pools *p, char out[IDNUM_LEN + 1], int *birth)
{
	static long lo = -1, span;
	char first[IDNUM_LEN];
	size_t d;

	if (lo < 0) {
		lo = date_to_days(19600101);
		span = date_to_days(20061231) - lo + 1;
	}
	d = codeset_pick(&p->districts);
	*birth = date_from_days(lo + (long)rng_below((size_t)span));
	snprintf(first, sizeof first, "%s%08d%03u", p->districts.code[d], *birth,
	    (unsigned)rng_below(1000));
	snprintf(out, IDNUM_LEN + 1, "%s%c", first, idnum_check_char(first));
	if (idnum_parse(out, p->today, NULL, NULL, 0) != 0)
		fatalx("gen: made an invalid ID number %s", out);
}

/* The i-th mobile number: distinct for every i below 10^8. */
static void
make_mobile(size_t i, char out[16])
{
	/* 73939133 is prime to 10^8, so the last eight digits are one to one in i. */
	snprintf(out, 16, "%s%08llu", mobile_prefixes[rng_below(NPREFIXES)],
	    (unsigned long long)(((uint64_t)i * 73939133ULL + 13579246ULL) % 100000000ULL));
}

/* Check character of a GB 11714 organisation code (first 8 characters). */
static char
org_check_char(const char *s)
{
	static const unsigned weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	unsigned sum = 0, c;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned v = s[i] >= '0' && s[i] <= '9' ? (unsigned)(s[i] - '0') :
		    (unsigned)(s[i] - 'A') + 10;

		sum += v * weights[i];
	}
	c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* The i-th USCC: 91 (enterprise), a district code, an organisation code, the check. */
static void
make_uscc(const struct pools *p, size_t i, size_t district, char out[USCC_LEN + 1])
{
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char org[9], first[USCC_LEN], canon[USCC_LEN + 1];
	uint64_t k = (uint64_t)(i / 2);

	if (i % 2 == 0) {
		/* New-style codes: "MA0" and five characters, one to one in k below 31^5. */
		uint64_t n = (k * 7919ULL + 12345ULL) % (31ULL * 31 * 31 * 31 * 31);
		int j;

		memcpy(org, "MA0", 3);
		for (j = 7; j >= 3; j--) {
			org[j] = alpha[n % 31];
			n /= 31;
		}
	} else
		snprintf(org, sizeof org, "%08llu",
		    (unsigned long long)((k * 48271ULL + 7654321ULL) % 100000000ULL));
	snprintf(first, sizeof first, "91%s%.8s%c", p->districts.code[district], org,
	    org_check_char(org));
	snprintf(out, USCC_LEN + 1, "%s%c", first, uscc_check_char(first));
	if (uscc_parse(out, canon, NULL, 0, NULL, 0) != 0)
		fatalx("gen: made an invalid USCC %s", out);
}

/* Run SQL without results; a failure is fatal (the fixture is ours). */
static void
exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fatalx("gen: \"%s\": %s", sql, msg != NULL ? msg : "?");
}

/* Prepare a statement; a failure is fatal. */
static sqlite3_stmt *
prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fatalx("gen: cannot prepare \"%s\": %s", sql, sqlite3_errmsg(db));
	return stmt;
}

/* Bind text, copied. */
static void
bind(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

/* Step an insert and reset it; a failure is fatal. */
static void
step_done(sqlite3 *db, sqlite3_stmt *stmt)
{
	if (sqlite3_step(stmt) != SQLITE_DONE)
		fatalx("gen: insert failed: %s", sqlite3_errmsg(db));
	sqlite3_reset(stmt);
}

/* Commit after every GEN_BATCH rows (row i just written) and open the next transaction. */
static void
batch_commit(sqlite3 *db, size_t i)
{
	if ((i + 1) % GEN_BATCH == 0) {
		exec_sql(db, "COMMIT");
		exec_sql(db, "BEGIN");
	}
}

/* Insert every one- and two-character piece of a name, as seeker_index_name does. */
static size_t
index_name(sqlite3 *db, sqlite3_stmt *ins, long long rid, const char *name)
{
	const char *p = name, *prev = NULL;
	size_t n = 0;

	while (*p != '\0') {
		const char *next = p + 1;

		while ((*next & 0xc0) == 0x80)
			next++;
		sqlite3_bind_text(ins, 1, p, (int)(next - p), SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 3, rid);
		step_done(db, ins);
		n += (size_t)sqlite3_changes(db);
		if (prev != NULL) {
			sqlite3_bind_text(ins, 1, prev, (int)(next - prev), SQLITE_TRANSIENT);
			step_done(db, ins);
			n += (size_t)sqlite3_changes(db);
		}
		prev = p;
		p = next;
	}
	return n;
}

/*
 * The day a record closed by hand closed (closed_on): half way from the
 * day it opened to the end of its validity or today, whichever is first.
 * Drawn without the generator, so that the rest of the data set stays
 * as it was.
 */
static void
closed_day(const struct pools *p, int regday, int untilday, char out[11])
{
	int end = untilday < p->today ? untilday : p->today;

	date_format(date_add_days(regday, (date_to_days(end) - date_to_days(regday)) / 2), out);
}

/* A date between days_back days ago and today. */
static int
recent_day(const struct pools *p, size_t days_back)
{
	return date_add_days(p->today, -(long)rng_below(days_back + 1));
}

/* What a seeker is for the referrals: open and valid today, placed, or neither. */
enum gen_seeker_state { GEN_OTHER, GEN_OPEN, GEN_PLACED };

/* What the later record kinds need of a seeker written. */
struct gen_seeker {
	char		 id[IDENT_LEN + 1];
	unsigned char	 state;		/* enum gen_seeker_state */
	unsigned char	 renewed;	/* registered before, renewed on regday */
	unsigned char	 heavy;		/* one of the few with a long timeline */
	unsigned short	 clerk;		/* index into gen_clerks: who registered them */
	unsigned short	 category;	/* index into pools.category */
	short		 hardship;	/* index into pools.hardship, -1 none */
	int		 regday;
	int		 hardship_since; /* the day the hardship was recognised */
	uint64_t	 ms;		/* when they were registered */
};

/* What the later record kinds need of an employer written. */
struct gen_employer {
	char		 id[IDENT_LEN + 1];
	unsigned short	 clerk;
	unsigned char	 hard_to_recruit;
	int		 regday;
	uint64_t	 ms;
};

/* What the referrals need of a vacancy written. */
struct gen_vacancy {
	char		 id[IDENT_LEN + 1];
	size_t		 employer;	/* index of its employer */
	unsigned	 headcount, hires;
	unsigned short	 clerk;
	int		 regday;
	int		 open;		/* open and valid today */
	uint64_t	 ms;
};

/* The rows written so far, as far as the record kinds written after them need them. */
struct written {
	struct gen_seeker	*seekers;
	size_t			 nseekers;
	struct gen_employer	*employers;
	size_t			 nemployers;
	struct gen_vacancy	*vacancies;
	size_t			 nvacancies;
	size_t			 heavy[GEN_HEAVY];	/* the seekers with GEN_HEAVY_EVENTS */
	size_t			 nheavy;
};

/*
 * A service event to be written: the record kinds push the services
 * their records give (as aggregate_service does when the store saves
 * one), the by-hand services fill up the rest, and gen_services writes
 * them all in the order of time, as they would have arrived.
 */
struct gen_event {
	uint64_t			 ms;
	const struct service_type	*type;
	uint32_t			 subject;	/* seeker or employer, by the type */
	uint32_t			 vacancy;	/* index + 1, 0 none */
	unsigned short			 clerk;
	char				 id[IDENT_LEN + 1];
};

struct gen_events {
	struct gen_event	*v;
	size_t			 n, cap;
	const unsigned char	*key;		/* the identity key the ids derive from */
};

/*
 * Add the service of type code given on subject (a seeker or an employer
 * index in w, as the type says) by clerk at ms, about vacancy (index + 1,
 * or 0), unique by once (a day "YYYY-MM-DD" or a record id): its id
 * derives from them as st_service_event derives it.
 */
static void
events_add(struct gen_events *ev, const struct written *w, const char *code, size_t subject,
    size_t vacancy, const char *once, uint64_t ms, size_t clerk)
{
	const struct service_type *t = service_type_find(code);
	struct gen_event *e;
	char key[160];

	if (t == NULL)
		fatalx("gen: no service type \"%s\"", code);
	if (ev->n == ev->cap) {
		ev->cap = ev->cap > 0 ? 2 * ev->cap : 65536;
		ev->v = xreallocarray(ev->v, ev->cap, sizeof *ev->v);
	}
	e = &ev->v[ev->n++];
	e->ms = ms;
	e->type = t;
	e->subject = (uint32_t)subject;
	e->vacancy = (uint32_t)vacancy;
	e->clerk = (unsigned short)clerk;
	service_once_key(code, t->subject == SERVICE_SEEKER ? w->seekers[subject].id :
	    w->employers[subject].id, once, key, sizeof key);
	ident_derive(ev->key, kind_get(KIND_SERVICE_EVENT)->name, key, e->id);
}

/* Add a service that is once a day, on the local day of ms's day (YYYYMMDD). */
static void
events_add_day(struct gen_events *ev, const struct written *w, const char *code,
    size_t subject, size_t vacancy, int day, uint64_t ms, size_t clerk)
{
	char once[11];

	date_format(day, once);
	events_add(ev, w, code, subject, vacancy, once, ms, clerk);
}

/*
 * Seekers with rids 1..count and their name grams, GEN_BATCH to a
 * transaction; the number of grams written. What the later kinds need
 * goes into w, and the registrations of the last GEN_YEAR days into ev.
 * *retries counts ID numbers drawn again because the first draw was
 * already taken.
 */
static size_t
gen_seekers(sqlite3 *db, const struct pools *p, const unsigned char key[IDENT_KEYLEN],
    size_t count, struct written *w, struct gen_events *ev, size_t *retries)
{
	sqlite3_stmt *ins = prepare(db, "INSERT INTO seeker (rid, id, id_number, name, sex, "
	    "birth_date, phone, household, district, street, address, education, major, skills, "
	    "experience, desired_occupation, desired_wage, desired_district, category, hardship, "
	    "hardship_basis, status, registered_on, valid_until, withdraw_reason, office, "
	    "created_by, hlc, desired_occupation_2, desired_occupation_3, closed_on) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	    "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)");
	sqlite3_stmt *gram = prepare(db, "INSERT OR IGNORE INTO seeker_name_gram (gram, name, rid) "
	    "VALUES (?, ?, ?)");
	size_t i, grams = 0;

	*retries = 0;
	exec_sql(db, "BEGIN");
	for (i = 0; i < count; i++) {
		char id[IDENT_LEN + 1], idnum[IDNUM_LEN + 1], name[64], phone[16], buf[256];
		char date[11], reg[11], until[11];
		struct gen_seeker *gs = &w->seekers[i];
		size_t dist = pick_district(p), edu, occ, cat;
		const struct codeset *streets = &p->streets[dist];
		const char *status = "registered", *reason = "";
		int birth, regday, rc;
		long long rid = (long long)i + 1;
		unsigned roll;
		size_t occ2, occ3;
		int two, three;

		make_name(p, name, sizeof name);
		make_mobile(i, phone);
		/*
		 * About two thirds open and valid today (registered in the last
		 * 90 days, or renewed for 180); the rest placed, withdrawn, or
		 * lapsed (some marked expired, some not yet).
		 */
		roll = (unsigned)rng_below(100);
		gs->state = GEN_OTHER;
		if (roll < 12) {
			status = "placed";
			reason = "placed";
			regday = recent_day(p, 730);
			gs->state = GEN_PLACED;
		} else if (roll < 20) {
			status = "withdrawn";
			reason = p->reasons.code[codeset_pick(&p->reasons)];
			regday = recent_day(p, 730);
		} else if (roll < 34) {
			status = roll < 27 ? "expired" : "registered";
			regday = date_add_days(p->today, -91 - (long)rng_below(640));
		} else if (roll < 44) {
			status = "renewed";
			regday = recent_day(p, 179);
			gs->state = GEN_OPEN;
			gs->renewed = 1;
		} else {
			regday = recent_day(p, 89);
			gs->state = GEN_OPEN;
		}
		gs->regday = regday;
		date_format(regday, reg);
		date_format(date_add_days(regday, strcmp(status, "renewed") == 0 ? 180 : 90), until);
		gs->clerk = (unsigned short)rng_below(gen_offices[0].clerks);
		sqlite3_bind_int64(ins, 1, rid);
		bind(ins, 4, name);
		bind(ins, 7, phone);
		bind(ins, 8, p->household.code[codeset_pick(&p->household)]);
		bind(ins, 9, p->districts.code[dist]);
		bind(ins, 10, streets->n > 0 ? streets->code[codeset_pick(streets)] : "");
		snprintf(buf, sizeof buf, "%s%s%u号院%u号楼", p->districts.name[dist],
		    roads[rng_below(sizeof roads / sizeof roads[0])], (unsigned)rng_below(200) + 1,
		    (unsigned)rng_below(20) + 1);
		bind(ins, 11, buf);
		edu = pick_cum(p->edu_cum, p->nedu);
		bind(ins, 12, p->edu_codes[edu]);
		bind(ins, 13, p->edu_codes[edu][0] <= '3' ?
		    majors[rng_below(sizeof majors / sizeof majors[0])] : "");
		snprintf(buf, sizeof buf, "%s；%s", skills[rng_below(sizeof skills / sizeof skills[0])],
		    skills[rng_below(sizeof skills / sizeof skills[0])]);
		bind(ins, 14, buf);
		snprintf(buf, sizeof buf, "曾从事%s工作%u年", jobs[rng_below(sizeof jobs /
		    sizeof jobs[0])], (unsigned)rng_below(20) + 1);
		bind(ins, 15, buf);
		/* A second wish for two in five, a third for one in eight. */
		occ = pick_occupation(p);
		bind(ins, 16, p->occupation.code[occ]);
		occ2 = pick_occupation(p);
		occ3 = pick_occupation(p);
		two = rng_below(100) < 40 && occ2 != occ;
		three = two && rng_below(100) < 30 && occ3 != occ && occ3 != occ2;
		bind(ins, 29, two ? p->occupation.code[occ2] : "");
		bind(ins, 30, three ? p->occupation.code[occ3] : "");
		if (rng_below(100) < 10)
			*buf = '\0';
		else
			snprintf(buf, sizeof buf, "%u", 3000 + 500 * (unsigned)rng_below(25));
		bind(ins, 17, buf);
		bind(ins, 18, rng_below(100) < 20 ? "" : p->districts.code[pick_district(p)]);
		cat = codeset_pick(&p->category);
		gs->category = (unsigned short)cat;
		bind(ins, 19, p->category.code[cat]);
		gs->hardship = -1;
		if (rng_below(100) < 12) {
			gs->hardship = (short)codeset_pick(&p->hardship);
			bind(ins, 20, p->hardship.code[gs->hardship]);
			bind(ins, 21, "街道认定证明");
		} else {
			bind(ins, 20, "");
			bind(ins, 21, "");
		}
		bind(ins, 22, status);
		bind(ins, 23, reg);
		bind(ins, 24, until);
		bind(ins, 25, reason);
		/* Placed by hand or withdrawn: the day it closed. */
		if (*reason != '\0') {
			closed_day(p, regday, date_add_days(regday, 90), date);
			bind(ins, 31, date);
		} else
			bind(ins, 31, "");
		bind(ins, 26, GEN_OFFICE);
		bind(ins, 27, gen_clerks[gs->clerk].login);
		gs->ms = day_ms(regday);
		sqlite3_bind_int64(ins, 28, (sqlite3_int64)hlc_pack(gs->ms, 0));
		/* A new ID number for the rare draw of one that is already there. */
		for (;;) {
			make_idnum(p, idnum, &birth);
			ident_derive(key, "seeker", idnum, id);
			memcpy(gs->id, id, sizeof id);
			bind(ins, 2, id);
			bind(ins, 3, idnum);
			bind(ins, 5, (idnum[16] - '0') % 2 == 1 ? "1" : "2");
			date_format(birth, date);
			bind(ins, 6, date);
			rc = sqlite3_step(ins);
			sqlite3_reset(ins);
			if (rc == SQLITE_DONE)
				break;
			if ((rc & 0xff) != SQLITE_CONSTRAINT || ++*retries > 1000)
				fatalx("gen: seeker insert failed: %s", sqlite3_errmsg(db));
		}
		grams += index_name(db, gram, rid, name);
		batch_commit(db, i);
		/*
		 * The registration of the year, and a renewal's registration
		 * (90 days before it) too; earlier ones are not in the ledger.
		 */
		if (gs->renewed) {
			uint64_t before = gs->ms - 90ULL * 86400000;

			if (regday >= date_add_days(p->today, -GEN_YEAR))
				events_add_day(ev, w, "renewal", i, 0, regday, gs->ms, gs->clerk);
			if (date_add_days(regday, -90) >= date_add_days(p->today, -GEN_YEAR))
				events_add_day(ev, w, "registration", i, 0, date_add_days(regday, -90),
				    before, gs->clerk);
		} else if (regday >= date_add_days(p->today, -GEN_YEAR))
			events_add_day(ev, w, "registration", i, 0, regday, gs->ms, gs->clerk);
	}
	exec_sql(db, "COMMIT");
	sqlite3_finalize(ins);
	sqlite3_finalize(gram);
	return grams;
}

/*
 * Employers; what the later kinds need goes into w (count entries), and
 * the registrations of the last GEN_YEAR days into ev.
 */
static void
gen_employers(sqlite3 *db, const struct pools *p, const unsigned char key[IDENT_KEYLEN],
    size_t count, struct written *w, struct gen_events *ev)
{
	static const char *const suffixes[] = { "有限公司", "有限公司", "有限公司", "有限公司",
	    "有限责任公司", "股份有限公司" };
	sqlite3_stmt *ins = prepare(db, "INSERT INTO employer (id, uscc, name, type, industry, "
	    "district, address, contact, phone, hard_to_recruit, status, withdraw_reason, office, "
	    "created_by, registered_on, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15, ?16)");
	size_t i;

	exec_sql(db, "BEGIN");
	for (i = 0; i < count; i++) {
		struct gen_employer *ge = &w->employers[i];
		char uscc[USCC_LEN + 1], buf[256], reg[11];
		size_t dist = pick_district(p);
		int regday = recent_day(p, 3650);
		int withdrawn = rng_below(100) < 5;

		make_uscc(p, i, dist, uscc);
		ident_derive(key, "employer", uscc, ge->id);
		ge->regday = regday;
		bind(ins, 1, ge->id);
		bind(ins, 2, uscc);
		snprintf(buf, sizeof buf, "北京%s%s%s",
		    company_words[rng_below(sizeof company_words / sizeof company_words[0])],
		    company_trades[rng_below(sizeof company_trades / sizeof company_trades[0])],
		    suffixes[rng_below(sizeof suffixes / sizeof suffixes[0])]);
		bind(ins, 3, buf);
		bind(ins, 4, p->employer_type.code[codeset_pick(&p->employer_type)]);
		bind(ins, 5, p->industry.code[codeset_pick(&p->industry)]);
		bind(ins, 6, p->districts.code[dist]);
		snprintf(buf, sizeof buf, "%s%s%u号", p->districts.name[dist],
		    roads[rng_below(sizeof roads / sizeof roads[0])], (unsigned)rng_below(300) + 1);
		bind(ins, 7, buf);
		make_name(p, buf, sizeof buf);
		bind(ins, 8, buf);
		if (rng_below(2) == 0)
			snprintf(buf, sizeof buf, "010-%u%07u", 5 + (unsigned)rng_below(4),
			    (unsigned)rng_below(10000000));
		else
			make_mobile(rng_below(100000000), buf);
		bind(ins, 9, buf);
		ge->hard_to_recruit = rng_below(100) < 10;
		bind(ins, 10, ge->hard_to_recruit ? "yes" : "no");
		bind(ins, 11, withdrawn ? "withdrawn" : "active");
		bind(ins, 12, withdrawn ? p->reasons.code[codeset_pick(&p->reasons)] : "");
		bind(ins, 13, GEN_OFFICE);
		ge->clerk = (unsigned short)rng_below(gen_offices[0].clerks);
		bind(ins, 14, gen_clerks[ge->clerk].login);
		date_format(regday, reg);
		bind(ins, 15, reg);
		ge->ms = day_ms(regday);
		sqlite3_bind_int64(ins, 16, (sqlite3_int64)hlc_pack(ge->ms, 0));
		step_done(db, ins);
		batch_commit(db, i);
		if (regday >= date_add_days(p->today, -GEN_YEAR))
			events_add_day(ev, w, "employer_registration", i, 0, regday, ge->ms,
			    ge->clerk);
	}
	exec_sql(db, "COMMIT");
	sqlite3_finalize(ins);
}

/* Copy at most maxchars characters of a UTF-8 string. */
static void
copy_chars(char *out, size_t outlen, const char *s, size_t maxchars)
{
	size_t i = 0, chars = 0;

	while (s[i] != '\0' && chars < maxchars) {
		i++;
		while ((s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	snprintf(out, outlen, "%.*s", (int)i, s);
}

/*
 * Vacancies of random employers of w, with time-ordered ids; what
 * referrals need goes into w, the registrations of the last GEN_YEAR
 * days into ev.
 */
static void
gen_vacancies(sqlite3 *db, const struct pools *p, size_t count, struct written *w,
    struct gen_events *ev)
{
	static const char *const minimum[] = { "71", "71", "61", "61", "31", "31", "21" };
	sqlite3_stmt *ins = prepare(db, "INSERT INTO vacancy (id, employer_id, occupation, title, "
	    "headcount, wage_min, wage_max, education, age_min, age_max, district, hours, "
	    "description, valid_until, status, withdraw_reason, office, created_by, registered_on, "
	    "hlc, public_welfare, closed_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)");
	size_t i;

	exec_sql(db, "BEGIN");
	for (i = 0; i < count; i++) {
		struct gen_vacancy *gv = &w->vacancies[i];
		char buf[256], reg[11], until[11];
		unsigned char rnd[10];
		size_t occ = pick_occupation(p), j, emp = rng_below(w->nemployers);
		unsigned wmin = 3000 + 500 * (unsigned)rng_below(18), roll;
		const char *status = "open", *reason = "";
		int regday, untilday;
		uint64_t ms;

		/* Four in five open, registered in the last 90 days; the closed ones over a year. */
		roll = (unsigned)rng_below(100);
		if (roll < 10)
			status = "filled";
		else if (roll < 15)
			status = "closed";
		else if (roll < 20) {
			status = "withdrawn";
			reason = rng_below(2) == 0 ? "cancelled" : "other";
		}
		regday = recent_day(p, roll < 20 ? 365 : 90);
		untilday = date_add_days(regday, 30 + (long)rng_below(151));
		ms = day_ms(regday);
		for (j = 0; j < sizeof rnd; j++)
			rnd[j] = (unsigned char)rng_below(256);
		ident_uuid7(ms, rnd, gv->id);
		gv->employer = emp;
		gv->regday = regday;
		gv->open = roll >= 20 && untilday >= p->today;
		gv->headcount = (unsigned)rng_below(rng_below(4) == 0 ? 20 : 5) + 1;
		gv->hires = 0;
		bind(ins, 1, gv->id);
		bind(ins, 2, w->employers[emp].id);
		bind(ins, 3, p->occupation.code[occ]);
		copy_chars(buf, sizeof buf, p->occupation.name[occ], 40);
		bind(ins, 4, buf);
		snprintf(buf, sizeof buf, "%u", gv->headcount);
		bind(ins, 5, buf);
		/* One in ten negotiable. */
		if (rng_below(10) == 0) {
			bind(ins, 6, "");
			bind(ins, 7, "");
		} else {
			snprintf(buf, sizeof buf, "%u", wmin);
			bind(ins, 6, buf);
			snprintf(buf, sizeof buf, "%u", wmin + 1000 * ((unsigned)rng_below(8) + 1));
			bind(ins, 7, buf);
		}
		/* A minimum education for half, an age range for two in five. */
		bind(ins, 8, rng_below(2) == 0 ? "" :
		    minimum[rng_below(sizeof minimum / sizeof minimum[0])]);
		if (rng_below(5) < 2) {
			snprintf(buf, sizeof buf, "%u", 18 + (unsigned)rng_below(8));
			bind(ins, 9, buf);
			snprintf(buf, sizeof buf, "%u", 35 + 5 * (unsigned)rng_below(6));
			bind(ins, 10, buf);
		} else {
			bind(ins, 9, "");
			bind(ins, 10, "");
		}
		bind(ins, 11, p->districts.code[pick_district(p)]);
		bind(ins, 12, hours[rng_below(sizeof hours / sizeof hours[0])]);
		snprintf(buf, sizeof buf, "五险一金，%s优先", skills[rng_below(sizeof skills /
		    sizeof skills[0])]);
		bind(ins, 13, buf);
		date_format(untilday, until);
		bind(ins, 14, until);
		bind(ins, 15, status);
		bind(ins, 16, reason);
		bind(ins, 17, GEN_OFFICE);
		gv->clerk = (unsigned short)rng_below(gen_offices[0].clerks);
		bind(ins, 18, gen_clerks[gv->clerk].login);
		date_format(regday, reg);
		bind(ins, 19, reg);
		gv->ms = ms;
		sqlite3_bind_int64(ins, 20, (sqlite3_int64)hlc_pack(ms, 0));
		bind(ins, 21, rng_below(100) < 2 ? "yes" : "no");
		/* Filled, closed or withdrawn by hand: the day it closed. */
		if (roll < 20) {
			closed_day(p, regday, untilday, buf);
			bind(ins, 22, buf);
		} else
			bind(ins, 22, "");
		step_done(db, ins);
		batch_commit(db, i);
		/* Once: with the vacancy (aggregate_service), on its employer. */
		if (regday >= date_add_days(p->today, -GEN_YEAR))
			events_add(ev, w, "vacancy_registration", emp, i + 1, gv->id, ms, gv->clerk);
	}
	exec_sql(db, "COMMIT");
	sqlite3_finalize(ins);
}

/* A day from lo to hi (YYYYMMDD, lo <= hi). */
static int
day_between(int lo, int hi)
{
	long span = date_to_days(hi) - date_to_days(lo);

	return date_add_days(lo, (long)rng_below((size_t)span + 1));
}

/* The later of two days. */
static int
day_max(int a, int b)
{
	return a > b ? a : b;
}

/*
 * Referrals between the seekers and vacancies written, over the last 180
 * days, each with its terminal's letter number (office, terminal, year,
 * sequence, as referral_next_number makes them): a fifth hired (placed
 * seekers, never more hires than places), about 15 % still issued (most of
 * them from the last week, the rest due for a follow-up), the others
 * closed without a hire. Each gives its seeker a referral and its
 * employer candidates, into ev.
 */
static void
gen_referrals(sqlite3 *db, const struct pools *p, size_t count, struct written *w,
    struct gen_events *ev)
{
	static const char *const closed[] = {
		"not_hired", "not_hired", "not_hired", "not_hired", "not_hired", "not_hired",
		"no_show", "no_show", "no_show", "declined", "declined", "unreachable",
		"unreachable",
	};
	static const char *const reasons[] = {
		"skills", "experience", "wage", "hours", "health", "filled", "other",
	};
	sqlite3_stmt *ins = prepare(db, "INSERT INTO referral (id, number, seeker_id, vacancy_id, "
	    "employer_id, interview_date, status, outcome_on, hired_wage, outcome_reason, office, "
	    "created_by, registered_on, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14)");
	size_t *open_seekers, *placed, *open_vacancies, nopen = 0, nplaced = 0, nopenv = 0;
	size_t i, next_placed = 0;
	/* Letter sequences per terminal (one per clerk) and year: this year and last. */
	unsigned long seq[13][2] = { { 0 } };
	int oldest = date_add_days(p->today, -180), year = p->today / 10000;

	open_seekers = xcalloc(w->nseekers + 1, sizeof *open_seekers);
	placed = xcalloc(w->nseekers + 1, sizeof *placed);
	open_vacancies = xcalloc(w->nvacancies + 1, sizeof *open_vacancies);
	for (i = 0; i < w->nseekers; i++) {
		if (w->seekers[i].state == GEN_OPEN)
			open_seekers[nopen++] = i;
		else if (w->seekers[i].state == GEN_PLACED)
			placed[nplaced++] = i;
	}
	for (i = 0; i < w->nvacancies; i++)
		if (w->vacancies[i].open)
			open_vacancies[nopenv++] = i;
	if (count > 0 && (nopen == 0 || nplaced == 0 || nopenv == 0))
		fatalx("gen: referrals need open and placed seekers and open vacancies");

	exec_sql(db, "BEGIN");
	for (i = 0; i < count; i++) {
		char id[IDENT_LEN + 1], number[64], buf[32], reg[11], out[11];
		unsigned char rnd[10];
		unsigned roll = (unsigned)rng_below(100), term = (unsigned)rng_below(12) + 1;
		const char *status;
		struct gen_vacancy *v;
		size_t s, j, tries = 0;
		int day, outday = 0;
		uint64_t ms;

		if (roll < 20) {
			/* A hire: a placed seeker, a vacancy with a place left. */
			status = "hired";
			s = placed[next_placed++ % nplaced];
			do
				v = &w->vacancies[rng_below(w->nvacancies)];
			while (v->hires >= v->headcount && ++tries < 1000);
			if (v->hires >= v->headcount)
				fatalx("gen: no vacancy with a place left for a hire");
			v->hires++;
			day = day_between(day_max(v->regday, oldest), p->today);
		} else if (roll < 35) {
			/* Still issued: seven in ten from this week, the rest overdue. */
			status = "issued";
			s = open_seekers[rng_below(nopen)];
			v = &w->vacancies[open_vacancies[rng_below(nopenv)]];
			if (rng_below(10) < 7)
				day = day_between(day_max(v->regday, date_add_days(p->today, -6)),
				    p->today);
			else
				day = day_between(day_max(v->regday, date_add_days(p->today, -60)),
				    date_add_days(p->today, -8) >= v->regday ?
				    date_add_days(p->today, -8) : p->today);
		} else {
			status = closed[rng_below(sizeof closed / sizeof closed[0])];
			s = rng_below(w->nseekers);
			v = &w->vacancies[rng_below(w->nvacancies)];
			day = day_between(day_max(v->regday, oldest), p->today);
		}
		if (strcmp(status, "issued") != 0) {
			outday = date_add_days(day, (long)rng_below(15));
			if (outday > p->today)
				outday = p->today;
		}
		ms = day_ms(day);
		for (j = 0; j < sizeof rnd; j++)
			rnd[j] = (unsigned char)rng_below(256);
		ident_uuid7(ms, rnd, id);
		bind(ins, 1, id);
		snprintf(number, sizeof number, "%s-T%u-%04d-%05lu", GEN_OFFICE, term, day / 10000,
		    ++seq[term][day / 10000 == year ? 0 : 1]);
		bind(ins, 2, number);
		bind(ins, 3, w->seekers[s].id);
		bind(ins, 4, v->id);
		bind(ins, 5, w->employers[v->employer].id);
		date_format(date_add_days(day, 1 + (long)rng_below(3)), buf);
		bind(ins, 6, buf);
		bind(ins, 7, status);
		if (outday != 0)
			date_format(outday, out);
		bind(ins, 8, outday != 0 ? out : "");
		snprintf(buf, sizeof buf, "%u", 3000 + 500 * (unsigned)rng_below(20));
		bind(ins, 9, strcmp(status, "hired") == 0 ? buf : "");
		bind(ins, 10, strcmp(status, "not_hired") == 0 ?
		    reasons[rng_below(sizeof reasons / sizeof reasons[0])] : "");
		bind(ins, 11, GEN_OFFICE);
		bind(ins, 12, gen_clerks[term - 1].login);
		date_format(day, reg);
		bind(ins, 13, reg);
		sqlite3_bind_int64(ins, 14, (sqlite3_int64)hlc_pack(ms, 0));
		step_done(db, ins);
		batch_commit(db, i);
		/* Once: with the referral, on the seeker and on the employer (aggregate.c). */
		events_add(ev, w, "referral", s, (size_t)(v - w->vacancies) + 1, id, ms, term - 1);
		events_add(ev, w, "candidates", v->employer, (size_t)(v - w->vacancies) + 1, id, ms,
		    term - 1);
	}
	exec_sql(db, "COMMIT");
	sqlite3_finalize(ins);
	free(open_seekers);
	free(placed);
	free(open_vacancies);
}

/* Make gen_clerks from gen_offices: clerk01... in the offices' order, the first of each counsellors. */
static void
gen_clerks_init(void)
{
	size_t o, k, n = 0;

	for (o = 0; o < GEN_NOFFICES; o++)
		n += gen_offices[o].clerks;
	gen_clerks = xcalloc(n, sizeof *gen_clerks);
	for (o = 0; o < GEN_NOFFICES; o++) {
		gen_office_first[o] = gen_nclerks;
		for (k = 0; k < gen_offices[o].clerks; k++) {
			struct gen_clerk *c = &gen_clerks[gen_nclerks];

			snprintf(c->login, sizeof c->login, "clerk%02zu", gen_nclerks + 1);
			c->office = o;
			c->counsellor = k < gen_offices[o].counsellors;
			gen_nclerks++;
		}
	}
}

/* A clerk of an office drawn by the offices' shares of the window's work. */
static size_t
pick_clerk(void)
{
	unsigned r = (unsigned)rng_below(100), sum = 0;
	size_t o;

	for (o = 0; o + 1 < GEN_NOFFICES; o++) {
		sum += gen_offices[o].share;
		if (r < sum)
			break;
	}
	return gen_office_first[o] + rng_below(gen_offices[o].clerks);
}

/* Days to draw services from: working days, and a few weekend days of the windows open then. */
struct gen_days {
	int		*day;
	unsigned	*cum;
	size_t		 n;
};

/* The days of the last span days up to today, weekends only if weekends is set. */
static void
days_init(struct gen_days *d, int today, size_t span, int weekends)
{
	unsigned total = 0;
	size_t i;

	d->day = xcalloc(span, sizeof *d->day);
	d->cum = xcalloc(span, sizeof *d->cum);
	d->n = 0;
	for (i = 0; i < span; i++) {
		int day = date_add_days(today, -(long)i);
		long wd = (date_to_days(day) + 4) % 7;	/* 1970-01-01 was a Thursday */
		unsigned weight = wd == 0 ? 2 : wd == 6 ? 6 : 100;

		if (!weekends && (wd == 0 || wd == 6))
			continue;
		total += weight;
		d->day[d->n] = day;
		d->cum[d->n++] = total;
	}
}

/* A day drawn from d. */
static int
days_pick(const struct gen_days *d)
{
	return d->day[pick_cum(d->cum, d->n)];
}

/* Free what days_init made. */
static void
days_free(struct gen_days *d)
{
	free(d->day);
	free(d->cum);
}

/* A day of d on or after from, most often; today when a few draws find none. */
static int
days_pick_after(const struct gen_days *d, int from, int today)
{
	int tries, day;

	for (tries = 0; tries < 20; tries++)
		if ((day = days_pick(d)) >= from)
			return day;
	return today;
}

/*
 * The few seekers with a long timeline (GEN_HEAVY_EVENTS services over
 * three years): the first open ones recognised as hard to employ, whom
 * a window sees most. Marked in w; the other generators leave them to
 * gen_guidance and gen_services.
 */
static void
gen_pick_heavy(struct written *w)
{
	size_t i;

	for (i = 0; i < w->nseekers && w->nheavy < GEN_HEAVY; i++)
		if (w->seekers[i].state == GEN_OPEN && w->seekers[i].hardship >= 0) {
			w->seekers[i].heavy = 1;
			w->heavy[w->nheavy++] = i;
		}
}

static const char *const guidance_topics[] = {
	"简历修改", "面试准备", "求职方向", "职业测评解读", "创业政策", "技能培训", "就业补贴政策",
	"灵活就业", "心理调适", "岗位推荐", "职业规划", "劳动合同",
};

static const char *const guidance_notes[] = {
	"求职意愿较强，希望在朝阳区内就业。", "有仓储工作经验，愿意参加叉车培训。",
	"家庭负担较重，需要稳定收入。", "面试时较为紧张，已进行模拟面试。",
	"建议先参加技能培训再求职。", "薪资期望偏高，已说明本区市场行情。",
	"有创业意向，已介绍创业担保贷款政策。", "身体状况良好，可从事体力劳动。",
	"希望工作时间固定，便于照顾老人。", "计算机操作一般，建议参加办公软件培训。",
};

static const char *const guidance_steps[] = {
	"修改简历并交指导员", "参加叉车操作培训", "投递三个岗位", "参加专场招聘会",
	"办理失业登记", "完成职业兴趣测评", "了解创业担保贷款", "参加面试技巧讲座",
	"参加办公软件培训", "到社区了解公益性岗位",
};

/* The kinds of sessions with one person and how often each is held (list guidance_kind). */
static const struct weighted guidance_kinds[] = {
	{ "individual", 40 }, { "job_search", 20 }, { "assessment", 10 }, { "policy", 12 },
	{ "entrepreneurship", 6 },
};
#define GEN_NKINDS	(sizeof guidance_kinds / sizeof guidance_kinds[0])

/* What gen_session writes with. */
struct gen_sessions {
	sqlite3			*db;
	sqlite3_stmt		*ins;
	const struct pools	*p;
	struct written		*w;
	struct gen_events	*ev;
	unsigned		 kind_cum[GEN_NKINDS];
	size_t			 n;		/* sessions written */
};

/* One to max pieces of a list, joined by sep into out. */
static void
join_some(const char *const *list, size_t nlist, size_t max, const char *sep, char *out,
    size_t outlen)
{
	size_t k, n = 1 + rng_below(max), used = 0;

	*out = '\0';
	for (k = 0; k < n && used < outlen; k++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%s", k > 0 ? sep : "",
		    list[rng_below(nlist)]);
}

/*
 * One guidance session with seeker s on day by counsellor (index into
 * gen_clerks), of kind, in workshop ("" for a session alone): topics,
 * notes, an action plan and maybe a next appointment, as a counsellor
 * fills the form; its guidance service goes into ev.
 */
static void
gen_session(struct gen_sessions *g, size_t s, int day, const char *kind, const char *workshop,
    size_t counsellor)
{
	const struct gen_clerk *c = &gen_clerks[counsellor];
	char id[IDENT_LEN + 1], held[11], next[11], buf[512], due[11];
	unsigned char rnd[10];
	uint64_t ms = day_ms(day);
	size_t j, nsteps, nnotes;
	int col = 12, alone = *workshop == '\0';
	unsigned roll;

	for (j = 0; j < sizeof rnd; j++)
		rnd[j] = (unsigned char)rng_below(256);
	ident_uuid7(ms, rnd, id);
	date_format(day, held);
	bind(g->ins, 1, id);
	bind(g->ins, 2, g->w->seekers[s].id);
	bind(g->ins, 3, workshop);
	bind(g->ins, 4, held);
	bind(g->ins, 5, kind);
	join_some(guidance_topics, sizeof guidance_topics / sizeof guidance_topics[0], 3, "、",
	    buf, sizeof buf);
	bind(g->ins, 6, buf);
	/* Notes: a line to three for a session alone, a line or none at a workshop. */
	nnotes = alone ? 1 + rng_below(3) : rng_below(2);
	for (j = 0; j < 4; j++)
		bind(g->ins, 7 + (int)j, j < nnotes ? guidance_notes[rng_below(sizeof guidance_notes /
		    sizeof guidance_notes[0])] : "");
	if (alone && rng_below(2) == 0) {
		date_format(date_add_days(day, 14 + (long)rng_below(17)), next);
		bind(g->ins, 11, next);
	} else
		bind(g->ins, 11, "");
	/* Plans of two or three steps most often; due in a week to two months. */
	roll = (unsigned)rng_below(100);
	nsteps = !alone ? (roll < 60 ? 0 : 1) : roll < 10 ? 0 : roll < 35 ? 1 : roll < 70 ? 2 :
	    roll < 90 ? 3 : 4;
	for (j = 0; j < GUIDANCE_STEPS; j++, col += 3) {
		int dueday = date_add_days(day, 7 + (long)rng_below(54));
		const char *status;

		if (j >= nsteps) {
			bind(g->ins, col, "");
			bind(g->ins, col + 1, "");
			bind(g->ins, col + 2, "");
			continue;
		}
		roll = (unsigned)rng_below(100);
		if (dueday < g->p->today)
			status = roll < 65 ? "done" : roll < 75 ? "dropped" : "open";
		else
			status = roll < 85 ? "open" : "done";
		date_format(dueday, due);
		bind(g->ins, col, guidance_steps[rng_below(sizeof guidance_steps /
		    sizeof guidance_steps[0])]);
		bind(g->ins, col + 1, due);
		bind(g->ins, col + 2, status);
	}
	bind(g->ins, 24, gen_offices[c->office].code);
	bind(g->ins, 25, c->login);
	bind(g->ins, 26, held);
	sqlite3_bind_int64(g->ins, 27, (sqlite3_int64)hlc_pack(ms, 0));
	step_done(g->db, g->ins);
	batch_commit(g->db, g->n++);
	/* Once: with the session (aggregate_service), on its seeker. */
	events_add(g->ev, g->w, "guidance", s, 0, id, ms, counsellor);
}

/*
 * Career guidance sessions, count in all, over the last GEN_YEAR days
 * (the heavy seekers' over three years): GEN_HEAVY_SESSIONS for each
 * heavy seeker, then group workshops of 8 to 30 open seekers until
 * about an eighth of the sessions are theirs, then sessions alone, half
 * of them with persons recognised as hard to employ, whom the policy
 * sends to guidance first. The number of workshops into *nworkshops.
 */
static void
gen_guidance(sqlite3 *db, const struct pools *p, size_t count, struct written *w,
    struct gen_events *ev, size_t *nworkshops)
{
	struct gen_sessions g;
	struct gen_days year, heavy_days;
	size_t *open_s, *hard_s, *counsellors, nopen = 0, nhard = 0, ncounsellors = 0, i, h;
	size_t in_workshops = count / 8;

	memset(&g, 0, sizeof g);
	g.db = db;
	g.p = p;
	g.w = w;
	g.ev = ev;
	g.ins = prepare(db, "INSERT INTO guidance (id, seeker_id, workshop, held_on, kind, topics, "
	    "notes, notes_2, notes_3, notes_4, next_appointment, step_1, step_1_due, "
	    "step_1_status, step_2, step_2_due, step_2_status, step_3, step_3_due, "
	    "step_3_status, step_4, step_4_due, step_4_status, office, created_by, "
	    "registered_on, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)");
	for (i = 0; i < GEN_NKINDS; i++) {
		if (codeset_find(&p->guidance_kind, guidance_kinds[i].code) < 0)
			fatalx("gen: guidance kind \"%s\" is not in the loaded list",
			    guidance_kinds[i].code);
		g.kind_cum[i] = (i > 0 ? g.kind_cum[i - 1] : 0) + guidance_kinds[i].w;
	}
	if (codeset_find(&p->guidance_kind, GUIDANCE_WORKSHOP) < 0)
		fatalx("gen: the guidance kind list has no \"%s\"", GUIDANCE_WORKSHOP);
	open_s = xcalloc(w->nseekers + 1, sizeof *open_s);
	hard_s = xcalloc(w->nseekers + 1, sizeof *hard_s);
	counsellors = xcalloc(gen_nclerks, sizeof *counsellors);
	for (i = 0; i < w->nseekers; i++) {
		if (w->seekers[i].heavy)
			continue;
		if (w->seekers[i].state == GEN_OPEN)
			open_s[nopen++] = i;
		if (w->seekers[i].hardship >= 0)
			hard_s[nhard++] = i;
	}
	for (i = 0; i < gen_nclerks; i++)
		if (gen_clerks[i].counsellor)
			counsellors[ncounsellors++] = i;
	if (count > 0 && (nopen == 0 || nhard == 0 || ncounsellors == 0))
		fatalx("gen: guidance needs open seekers, hardship seekers and counsellors");
	days_init(&year, p->today, GEN_YEAR, 1);
	days_init(&heavy_days, p->today, GEN_HEAVY_DAYS, 0);

	exec_sql(db, "BEGIN");
	for (h = 0; h < w->nheavy; h++)
		for (i = 0; i < GEN_HEAVY_SESSIONS && g.n < count; i++)
			gen_session(&g, w->heavy[h], days_pick(&heavy_days),
			    guidance_kinds[pick_cum(g.kind_cum, GEN_NKINDS)].code, "",
			    counsellors[rng_below(ncounsellors)]);
	*nworkshops = 0;
	while (g.n < in_workshops) {
		size_t size = 8 + rng_below(23), part[30], k, c = counsellors[rng_below(ncounsellors)];
		char workshop[IDENT_LEN + 1];
		unsigned char rnd[10];
		int day = days_pick(&year);

		for (k = 0; k < sizeof rnd; k++)
			rnd[k] = (unsigned char)rng_below(256);
		ident_uuid7(day_ms(day), rnd, workshop);
		if (size > count - g.n)
			size = count - g.n;
		/* Each participant once (guidance_record refuses one listed twice). */
		for (k = 0; k < size; k++) {
			size_t j, s;

			do {
				s = open_s[rng_below(nopen)];
				for (j = 0; j < k && part[j] != s; j++)
					continue;
			} while (j < k);
			part[k] = s;
			gen_session(&g, s, day, GUIDANCE_WORKSHOP, workshop, c);
		}
		(*nworkshops)++;
	}
	while (g.n < count) {
		size_t s = rng_below(2) == 0 ? hard_s[rng_below(nhard)] : open_s[rng_below(nopen)];

		gen_session(&g, s, days_pick_after(&year, w->seekers[s].regday, p->today),
		    guidance_kinds[pick_cum(g.kind_cum, GEN_NKINDS)].code, "",
		    counsellors[rng_below(ncounsellors)]);
	}
	exec_sql(db, "COMMIT");
	sqlite3_finalize(g.ins);
	days_free(&year);
	days_free(&heavy_days);
	free(open_s);
	free(hard_s);
	free(counsellors);
}

/*
 * Fill each heavy seeker's timeline up to GEN_HEAVY_EVENTS: the yearly
 * registrations of the two years before, then job queries and policy
 * consultations on distinct working days of the last three years (each
 * once a day), at the centre's windows.
 */
static void
gen_heavy_services(const struct pools *p, struct written *w, struct gen_events *ev)
{
	struct gen_days days;
	size_t h, i, have, ncand;
	size_t *cand;

	days_init(&days, p->today, GEN_HEAVY_DAYS, 0);
	cand = xcalloc(2 * days.n, sizeof *cand);
	for (h = 0; h < w->nheavy; h++) {
		struct gen_seeker *gs = &w->seekers[w->heavy[h]];
		int y;

		for (y = 1; y <= 2; y++) {
			int day = date_add_days(gs->regday, -365L * y);

			if (day >= date_add_days(p->today, -GEN_HEAVY_DAYS))
				events_add_day(ev, w, "registration", w->heavy[h], 0, day,
				    gs->ms - (uint64_t)(365 * y) * 86400000, gs->clerk);
		}
		for (have = 0, i = 0; i < ev->n; i++)
			have += ev->v[i].type->subject == SERVICE_SEEKER &&
			    ev->v[i].subject == w->heavy[h];
		if (have > GEN_HEAVY_EVENTS || GEN_HEAVY_EVENTS - have > 2 * days.n)
			fatalx("gen: a heavy seeker has %zu services, cannot make it %d", have,
			    GEN_HEAVY_EVENTS);
		/* (day, type) pairs, drawn without repeats: a partial shuffle. */
		ncand = 2 * days.n;
		for (i = 0; i < ncand; i++)
			cand[i] = i;
		for (i = 0; i < GEN_HEAVY_EVENTS - have; i++) {
			size_t j = i + rng_below(ncand - i), t = cand[i];
			int day;

			cand[i] = cand[j];
			cand[j] = t;
			day = days.day[cand[i] / 2];
			events_add_day(ev, w, cand[i] % 2 == 0 ? "job_query" : "policy",
			    w->heavy[h], 0, day, day_ms(day),
			    gen_office_first[0] + rng_below(gen_offices[0].clerks));
		}
	}
	free(cand);
	days_free(&days);
}

/*
 * Weigh the days of d (every day back from today) by what each lacks of
 * its share of count services (by its weekday weight) after the events
 * ev has: the records of the data set crowd into the last months (most
 * seekers are open, referrals are from the last half year), and a
 * window's year is more even than that.
 */
static void
days_even_out(struct gen_days *d, int today, const struct gen_events *ev, size_t count)
{
	double *have = xcalloc(d->n, sizeof *have), total = d->cum[d->n - 1], need = 0;
	long base = date_to_days(today);
	unsigned prev = 0;
	size_t i;

	for (i = 0; i < ev->n; i++) {
		long back = base - (long)(ev->v[i].ms / 86400000);

		if (back >= 0 && (size_t)back < d->n)
			have[back]++;
	}
	for (i = 0; i < d->n; i++) {
		double w = d->cum[i] - prev;
		double lack = (double)count * w / total - have[i];

		prev = d->cum[i];
		/* A day with enough still gets a little: weekends stay rare, not empty. */
		need += lack > 1 ? lack : w / 100;
		d->cum[i] = (unsigned)need + 1 + (unsigned)i;
	}
	free(have);
}

/*
 * The services given by hand, with no record of their own, until ev
 * holds count: job queries (信息查询) most, then policy consultations
 * (政策咨询) and recruitment talks (招聘洽谈), on working days mostly and
 * evening out the year (days_even_out), at the district's windows by
 * their shares, to seekers and employers registered by then. A seeker
 * or employer served twice on one day gets one event id, as at the
 * window: gen_services keeps the first.
 */
static void
gen_hand_services(const struct pools *p, size_t count, struct written *w,
    struct gen_events *ev)
{
	struct gen_days year;

	days_init(&year, p->today, GEN_YEAR, 1);
	days_even_out(&year, p->today, ev, count);
	while (ev->n < count) {
		unsigned roll = (unsigned)rng_below(100);
		int day = days_pick(&year), tries = 0;
		size_t clerk = pick_clerk(), x;

		if (roll < 92 && w->nseekers > 0) {
			do
				x = rng_below(w->nseekers);
			while ((w->seekers[x].heavy || w->seekers[x].regday > day) && ++tries < 50);
			if (w->seekers[x].heavy || w->seekers[x].regday > day)
				continue;
			events_add_day(ev, w, roll < 70 ? "job_query" : "policy", x, 0, day,
			    day_ms(day), clerk);
		} else if (w->nemployers > 0) {
			do
				x = rng_below(w->nemployers);
			while (w->employers[x].regday > day && ++tries < 50);
			if (w->employers[x].regday > day)
				continue;
			events_add_day(ev, w, "recruitment_talk", x, 0, day, day_ms(day), clerk);
		} else
			break;
	}
	days_free(&year);
}

/* qsort: events in the order of time, then of id. */
static int
event_cmp(const void *a, const void *b)
{
	const struct gen_event *x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * Write the events of ev in the order of time, as they would have
 * arrived, each decided by the rules on what its seeker or employer was
 * then (st_service_event's snapshot): the seeker's category, the
 * hardship once recognised (a day drawn here: half of them before the
 * registration of record, half after; the heavy seekers' most of three
 * years ago), the employer's hard-to-recruit flag. An event whose id is
 * there already is a repeat, not written, as at the window; their
 * number into *repeats. The rows written.
 */
static size_t
gen_services(sqlite3 *db, const struct pools *p, const struct service_rules *rules,
    struct written *w, struct gen_events *ev, size_t *repeats)
{
	sqlite3_stmt *ins = prepare(db, "INSERT INTO service_event (id, type, seeker_id, "
	    "employer_id, vacancy_id, clerk, office, at, free, basis, hlc, category, hardship, "
	    "hard_to_recruit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	size_t i, rows = 0;

	for (i = 0; i < w->nseekers; i++) {
		struct gen_seeker *gs = &w->seekers[i];
		long back = (long)(date_to_days(p->today) - date_to_days(gs->regday));

		if (gs->hardship < 0)
			continue;
		if (gs->heavy)
			gs->hardship_since = date_add_days(p->today, -900);
		else if (rng_below(2) == 0)
			gs->hardship_since = date_add_days(gs->regday, -(long)rng_below(731));
		else
			gs->hardship_since = date_add_days(gs->regday, (long)rng_below((size_t)back + 1));
	}
	qsort(ev->v, ev->n, sizeof *ev->v, event_cmp);
	*repeats = 0;
	exec_sql(db, "BEGIN");
	for (i = 0; i < ev->n; i++) {
		const struct gen_event *e = &ev->v[i];
		const struct gen_clerk *c = &gen_clerks[e->clerk];
		struct service_snapshot snap = { .category = "", .hardship = "" };
		char at[32], basis[SERVICE_WORD_LEN];
		time_t secs = (time_t)(e->ms / 1000);
		struct tm tm;
		int free_service, rc;

		gmtime_r(&secs, &tm);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
		sqlite3_bind_text(ins, 1, e->id, -1, SQLITE_STATIC);
		bind(ins, 2, e->type->code);
		if (e->type->subject == SERVICE_SEEKER) {
			const struct gen_seeker *gs = &w->seekers[e->subject];
			/* Office hours in Beijing fall on one UTC day: the day of the service. */
			int day = date_from_days((long)(e->ms / 86400000));

			snap.category = p->category.code[gs->category];
			if (gs->hardship >= 0 && day >= gs->hardship_since)
				snap.hardship = p->hardship.code[gs->hardship];
			sqlite3_bind_text(ins, 3, gs->id, -1, SQLITE_STATIC);
			sqlite3_bind_null(ins, 4);
		} else {
			snap.hard_to_recruit = w->employers[e->subject].hard_to_recruit;
			sqlite3_bind_null(ins, 3);
			sqlite3_bind_text(ins, 4, w->employers[e->subject].id, -1, SQLITE_STATIC);
		}
		if (e->vacancy > 0)
			sqlite3_bind_text(ins, 5, w->vacancies[e->vacancy - 1].id, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 5);
		service_decide(rules, e->type->code, &snap, &free_service, basis, sizeof basis);
		bind(ins, 6, c->login);
		bind(ins, 7, gen_offices[c->office].code);
		bind(ins, 8, at);
		sqlite3_bind_int(ins, 9, free_service);
		bind(ins, 10, basis);
		sqlite3_bind_int64(ins, 11, (sqlite3_int64)hlc_pack(e->ms, 0));
		bind(ins, 12, snap.category);
		bind(ins, 13, snap.hardship);
		sqlite3_bind_int(ins, 14, snap.hard_to_recruit);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc == SQLITE_DONE)
			rows++;
		else if ((rc & 0xff) == SQLITE_CONSTRAINT)
			(*repeats)++;
		else
			fatalx("gen: service event insert failed: %s", sqlite3_errmsg(db));
		batch_commit(db, i);
	}
	exec_sql(db, "COMMIT");
	sqlite3_finalize(ins);
	return rows;
}

/* Create the database through the store: schema, key, code lists, the offices and a clerk. */
static void
gen_prepare(const char *path, const char *codes_dir)
{
	struct account a;
	struct store *st;
	char err[1024];
	size_t o;

	if ((st = store_open(path, err, sizeof err)) == NULL)
		fatalx("gen: %s", err);
	if (codes_load_dir(st, codes_dir, err, sizeof err) != 0)
		fatalx("gen: %s", err);
	store_set_actor(st, GEN_LOGIN, GEN_OFFICE);
	for (o = 0; o < GEN_NOFFICES; o++)
		if (office_add(st, gen_offices[o].code, gen_offices[o].name, gen_offices[o].level,
		    o == 0 ? NULL : GEN_OFFICE, err, sizeof err) != 0)
			fatalx("gen: %s", err);
	memset(&a, 0, sizeof a);
	snprintf(a.login, sizeof a.login, "%s", GEN_LOGIN);
	snprintf(a.name, sizeof a.name, "测试");
	snprintf(a.office, sizeof a.office, "%s", GEN_OFFICE);
	snprintf(a.role, sizeof a.role, "clerk");
	if (account_add(st, &a, GEN_PASSWORD, err, sizeof err) != 0)
		fatalx("gen: %s", err);
	store_close(st);
}

/* The identity key the store made, read back from the setting table. */
static void
gen_read_key(sqlite3 *db, unsigned char key[IDENT_KEYLEN])
{
	sqlite3_stmt *stmt = prepare(db, "SELECT value FROM setting WHERE key = 'identity_key'");
	size_t len = 0;
	const char *hex;

	if (sqlite3_step(stmt) != SQLITE_ROW)
		fatalx("gen: the database has no identity key");
	hex = (const char *)sqlite3_column_text(stmt, 0);
	if (sodium_hex2bin(key, IDENT_KEYLEN, hex, strlen(hex), NULL, &len, NULL) != 0 ||
	    len != IDENT_KEYLEN)
		fatalx("gen: the identity key is not %d bytes of hex", IDENT_KEYLEN);
	sqlite3_finalize(stmt);
}

/*
 * Check that a service event of type, on subject, once is there under
 * the id the store derives for it (store_natural_id, as st_service_event).
 */
static void
gen_verify_event(struct store *st, sqlite3_stmt *find, const char *type, const char *subject,
    const char *once)
{
	char key[160], id[IDENT_LEN + 1];

	service_once_key(type, subject, once, key, sizeof key);
	store_natural_id(st, kind_get(KIND_SERVICE_EVENT), key, id);
	sqlite3_bind_text(find, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(find) != SQLITE_ROW)
		fatalx("gen: no %s event under the id the store derives for \"%s\"", type, key);
	sqlite3_reset(find);
}

/*
 * Check samples of the service events through the store's derivation:
 * those once a day, those of referrals (seeker and employer) and of
 * guidance sessions; then the window's own path, matching_log_query,
 * on a seeker whose job query of today is there: it must add nothing.
 */
static void
gen_verify_services(struct store *st, sqlite3 *db)
{
	sqlite3_stmt *find = prepare(db, "SELECT 1 FROM service_event WHERE id = ?");
	sqlite3_stmt *stmt;
	char today[11], err[512];

	stmt = prepare(db, "SELECT type, coalesce(seeker_id, employer_id), substr(at, 1, 10) "
	    "FROM service_event WHERE type IN ('registration', 'renewal', 'job_query', 'policy', "
	    "'employer_registration', 'recruitment_talk') ORDER BY rowid LIMIT 300");
	while (sqlite3_step(stmt) == SQLITE_ROW)
		gen_verify_event(st, find, (const char *)sqlite3_column_text(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 2));
	sqlite3_finalize(stmt);
	stmt = prepare(db, "SELECT id, seeker_id, employer_id FROM referral ORDER BY rid LIMIT 100");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(stmt, 0);

		gen_verify_event(st, find, "referral", (const char *)sqlite3_column_text(stmt, 1), id);
		gen_verify_event(st, find, "candidates", (const char *)sqlite3_column_text(stmt, 2),
		    id);
	}
	sqlite3_finalize(stmt);
	stmt = prepare(db, "SELECT id, seeker_id FROM guidance ORDER BY rid LIMIT 100");
	while (sqlite3_step(stmt) == SQLITE_ROW)
		gen_verify_event(st, find, "guidance", (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_finalize(find);

	date_format(store_today(), today);
	stmt = prepare(db, "SELECT seeker_id, (SELECT count(*) FROM service_event) FROM "
	    "service_event WHERE type = 'job_query' AND substr(at, 1, 10) = ? LIMIT 1");
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		sqlite3_int64 before = sqlite3_column_int64(stmt, 1);
		char seeker[IDENT_LEN + 1];

		snprintf(seeker, sizeof seeker, "%s", (const char *)sqlite3_column_text(stmt, 0));
		sqlite3_finalize(stmt);
		if (matching_log_query(st, seeker, err, sizeof err) != 0)
			fatalx("gen: %s", err);
		stmt = prepare(db, "SELECT count(*) FROM service_event");
		if (sqlite3_step(stmt) != SQLITE_ROW || sqlite3_column_int64(stmt, 0) != before)
			fatalx("gen: the store gave a job query of today again");
	}
	sqlite3_finalize(stmt);
}

/* Check a sample through the store: the ids are what the store would derive. */
static void
gen_verify(const char *path, size_t nseekers)
{
	struct seeker_hit hits[4];
	struct store *st;
	sqlite3 *db;
	sqlite3_stmt *stmt;
	char err[1024], id[IDENT_LEN + 1];
	size_t i, n;

	if ((st = store_open(path, err, sizeof err)) == NULL)
		fatalx("gen: %s", err);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fatalx("gen: %s: cannot open", path);
	stmt = prepare(db, "SELECT id_number FROM seeker WHERE rid = ?");
	for (i = 0; i < 100 && nseekers > 0; i++) {
		char idnum[IDNUM_LEN + 1];

		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)rng_below(nseekers) + 1);
		if (sqlite3_step(stmt) != SQLITE_ROW)
			fatalx("gen: seeker rows are not numbered 1..%zu", nseekers);
		snprintf(idnum, sizeof idnum, "%s", (const char *)sqlite3_column_text(stmt, 0));
		sqlite3_reset(stmt);
		if (seeker_search(st, idnum, hits, 4, &n, NULL) != 0 || n != 1)
			fatalx("gen: seeker_search finds %zu seekers for a generated ID number", n);
		store_natural_id(st, kind_get(KIND_SEEKER), idnum, id);
		if (strcmp(id, hits[0].id) != 0)
			fatalx("gen: seeker id %s is not the one the store derives", hits[0].id);
	}
	sqlite3_finalize(stmt);
	stmt = prepare(db, "SELECT id, uscc FROM employer ORDER BY rid LIMIT 100");
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		char have[IDENT_LEN + 1];

		if (employer_find_uscc(st, (const char *)sqlite3_column_text(stmt, 1), have) != 1)
			fatalx("gen: employer_find_uscc misses a generated employer");
		store_natural_id(st, kind_get(KIND_EMPLOYER),
		    (const char *)sqlite3_column_text(stmt, 1), id);
		if (strcmp(id, have) != 0)
			fatalx("gen: employer id %s is not the one the store derives", have);
	}
	sqlite3_finalize(stmt);
	gen_verify_services(st, db);
	sqlite3_close(db);
	store_close(st);
}

/* Say how to call the program and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: gen [-s seekers] [-e employers] [-v vacancies] [-f referrals] "
	    "[-g guidance_sessions] [-S service_events] [-r seed] [-c codes_dir] DB\n");
	exit(2);
}

/*
 * The case files (一人一档) of the hardship persons: for each seeker with
 * a hardship kind, one assistance plan under the id the store derives
 * from the person's, opened by one of the twelve clerks on a day of the
 * last year, one or two steps, and up to six contacts a month or so
 * apart (one in ten not reaching the person), the last of them up to two
 * months ago; the plan's due day kept as the store keeps it
 * (core/casefile.h, a contact a month), so that some are due and most are
 * not. One hardship person in twenty has no case file yet (recognised
 * lately), as an office's due list finds some. A contact's follow-up
 * service is not written: the ledger's events are another generator's.
 * The count of plans; *ncontacts the contacts.
 */
static size_t
gen_casefiles(sqlite3 *db, const unsigned char key[IDENT_KEYLEN], int today,
    size_t *ncontacts)
{
	static const char *const ways[] = { "phone", "phone", "visit", "window" };
	static const char *const results[] = { "seeking", "seeking", "seeking", "training",
	    "employed", "no_need", "seeking", "seeking", "seeking", "unreachable" };
	sqlite3_stmt *sel = prepare(db, "SELECT id FROM seeker WHERE hardship <> '' ORDER BY rid");
	sqlite3_stmt *plan = prepare(db, "INSERT INTO assistance_plan (id, seeker_id, caseworker, "
	    "goal, step_1, step_1_who, step_1_due, step_1_status, step_2, step_2_due, "
	    "step_2_status, office, created_by, registered_on, hlc, next_due, next_step) VALUES "
	    "(?1, ?2, ?3, '三个月内稳定就业', '参加技能培训', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?3, ?10, "
	    "?11, ?12, ?13)");
	sqlite3_stmt *contact = prepare(db, "INSERT INTO case_contact (id, seeker_id, "
	    "contacted_on, way, result, note, office, created_by, registered_on, hlc) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, '电话联系，了解求职进展。', ?6, ?7, ?3, ?8)");
	struct casefile_rules rules;
	size_t n = 0, seen = 0;

	casefile_rules_default(&rules);
	*ncontacts = 0;
	exec_sql(db, "BEGIN");
	while (sqlite3_step(sel) == SQLITE_ROW) {
		const char *seeker = (const char *)sqlite3_column_text(sel, 0);
		char id[IDENT_LEN + 1], clerk[16], d[11], due1[11], due2[11], next[11];
		int opened = date_add_days(today, -(long)rng_below(365)), last = 0, day, step;
		int steps[CASEFILE_STEPS] = { 0 }, two = rng_below(100) < 50, due;
		size_t c, nc = rng_below(7);

		/* One in twenty recognised lately: no case file yet. */
		if (++seen % 20 == 0)
			continue;
		ident_derive(key, "assistance_plan", seeker, id);
		snprintf(clerk, sizeof clerk, "clerk%02u", (unsigned)rng_below(12) + 1);
		/* Contacts from the opening on, a month or so apart, none after today. */
		day = opened;
		for (c = 0; c < nc; c++) {
			unsigned char rnd[10];
			char cid[IDENT_LEN + 1];
			const char *result = results[rng_below(sizeof results / sizeof results[0])];

			day = date_add_days(day, 20 + (long)rng_below(31));
			if (day > today)
				break;
			size_t j;

			for (j = 0; j < sizeof rnd; j++)
				rnd[j] = (unsigned char)rng_below(256);
			ident_uuid7((uint64_t)day_ms(day), rnd, cid);
			date_format(day, d);
			bind(contact, 1, cid);
			bind(contact, 2, seeker);
			bind(contact, 3, d);
			bind(contact, 4, ways[rng_below(sizeof ways / sizeof ways[0])]);
			bind(contact, 5, result);
			bind(contact, 6, GEN_OFFICE);
			bind(contact, 7, clerk);
			sqlite3_bind_int64(contact, 8, (sqlite3_int64)hlc_pack(day_ms(day), 0));
			step_done(db, contact);
			if (casefile_contact_counts(result))
				last = day;
			(*ncontacts)++;
		}
		steps[0] = date_add_days(opened, 30 + (long)rng_below(120));
		steps[1] = two ? date_add_days(opened, 60 + (long)rng_below(180)) : 0;
		/* A step past its day is done more often than not. */
		if (steps[0] < today && rng_below(100) < 70)
			steps[0] = -steps[0];
		if (steps[1] > 0 && steps[1] < today && rng_below(100) < 70)
			steps[1] = -steps[1];
		date_format(steps[0] < 0 ? -steps[0] : steps[0], due1);
		date_format(steps[1] < 0 ? -steps[1] : steps[1], due2);
		bind(plan, 1, id);
		bind(plan, 2, seeker);
		bind(plan, 3, clerk);
		bind(plan, 4, due1);
		bind(plan, 5, steps[0] < 0 ? "done" : "open");
		bind(plan, 6, two ? "推荐公益性岗位" : "");
		bind(plan, 7, two ? due2 : "");
		bind(plan, 8, two ? (steps[1] < 0 ? "done" : "open") : "");
		bind(plan, 9, GEN_OFFICE);
		date_format(opened, d);
		bind(plan, 10, d);
		sqlite3_bind_int64(plan, 11, (sqlite3_int64)hlc_pack(day_ms(opened), 0));
		if (steps[0] < 0)
			steps[0] = 0;
		if (steps[1] < 0)
			steps[1] = 0;
		due = casefile_next_due(casefile_next_contact(&rules, opened, last), steps,
		    CASEFILE_STEPS, &step);
		date_format(due, next);
		bind(plan, 12, next);
		sqlite3_bind_int(plan, 13, step);
		step_done(db, plan);
		batch_commit(db, n++);
	}
	exec_sql(db, "COMMIT");
	sqlite3_finalize(sel);
	sqlite3_finalize(plan);
	sqlite3_finalize(contact);
	return n;
}

/*
 * The rule table the events are decided by: a public office's, every
 * service free, but candidates sent and recruitment talks free only to
 * employers that take on persons hard to employ, so that the ledger
 * holds both (jobdesk.ini(5), [services]).
 */
static void
gen_rules(struct service_rules *r)
{
	char err[256];

	service_rules_default(r);
	if (service_rules_set(r, "free", "registration renewal job_query referral guidance "
	    "policy employer_registration vacancy_registration", err, sizeof err) != 0 ||
	    service_rules_set(r, "free_with_basis", "all", err, sizeof err) != 0)
		fatalx("gen: the rules: %s", err);
}

int
main(int argc, char **argv)
{
	size_t nseekers = 500000, nemployers = 50000, nvacancies = 100000, nreferrals = 300000;
	size_t nguidance = 100000, nservices = 2000000, nworkshops = 0, nevents, repeats;
	size_t grams, retries, ncasefiles, ncontacts;
	struct written written;
	struct gen_events events;
	struct service_rules rules;
	const char *codes_dir = "db/codes", *path;
	unsigned char key[IDENT_KEYLEN];
	struct pools pools;
	double t0, t1, t2, t3, t4, t5, t6, t7, t8;	/* ms */
	sqlite3 *db;
	int ch;

	rng_seed(20240601);
	while ((ch = getopt(argc, argv, "s:e:v:f:g:S:r:c:")) != -1) {
		switch (ch) {
		case 's':
			nseekers = parse_count("gen", optarg, "seekers", 0, 100000000);
			break;
		case 'e':
			nemployers = parse_count("gen", optarg, "employers", 0, 100000000);
			break;
		case 'v':
			nvacancies = parse_count("gen", optarg, "vacancies", 0, 100000000);
			break;
		case 'f':
			nreferrals = parse_count("gen", optarg, "referrals", 0, 100000000);
			break;
		case 'g':
			nguidance = parse_count("gen", optarg, "guidance sessions", 0, 100000000);
			break;
		case 'S':
			nservices = parse_count("gen", optarg, "service events", 0, 1000000000);
			break;
		case 'r':
			rng_seed(parse_count("gen", optarg, "seed", 0, 100000000));
			break;
		case 'c':
			codes_dir = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	path = argv[optind];
	if (nvacancies > 0 && nemployers == 0)
		fatalx("gen: vacancies need employers");
	if (nreferrals > 0 && (nseekers == 0 || nvacancies == 0))
		fatalx("gen: referrals need seekers and vacancies");
	if (nguidance > 0 && nseekers == 0)
		fatalx("gen: guidance sessions need seekers");
	if (access(path, F_OK) == 0)
		fatalx("gen: %s already exists; remove it first", path);
	log_set_level(LOG_WARN);
	gen_clerks_init();
	gen_rules(&rules);

	t0 = now_ms();
	gen_prepare(path, codes_dir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fatalx("gen: %s: cannot open: %s", path, sqlite3_errmsg(db));
	sqlite3_extended_result_codes(db, 1);
	/*
	 * This is a fixture, not a clerk's write: nothing here has to survive
	 * a power cut, so the bulk load skips fsync and uses a large cache. The
	 * client itself always writes with synchronous = FULL (store/db.c).
	 */
	exec_sql(db, "PRAGMA synchronous = OFF");
	exec_sql(db, "PRAGMA cache_size = -262144");
	gen_read_key(db, key);
	pools_load(db, &pools);

	/*
	 * One function per record kind, in the order the later ones need the
	 * earlier: each writes its rows, keeps in written what the later ones
	 * draw on, and adds the service events its records give to events.
	 */
	t1 = now_ms();
	memset(&written, 0, sizeof written);
	memset(&events, 0, sizeof events);
	events.key = key;
	written.nseekers = nseekers;
	written.seekers = xcalloc(nseekers + 1, sizeof *written.seekers);
	written.nemployers = nemployers;
	written.employers = xcalloc(nemployers + 1, sizeof *written.employers);
	written.nvacancies = nvacancies;
	written.vacancies = xcalloc(nvacancies + 1, sizeof *written.vacancies);
	grams = gen_seekers(db, &pools, key, nseekers, &written, &events, &retries);
	gen_pick_heavy(&written);
	t2 = now_ms();
	gen_employers(db, &pools, key, nemployers, &written, &events);
	t3 = now_ms();
	gen_vacancies(db, &pools, nvacancies, &written, &events);
	t4 = now_ms();
	gen_referrals(db, &pools, nreferrals, &written, &events);
	t5 = now_ms();
	gen_guidance(db, &pools, nguidance, &written, &events, &nworkshops);
	ncasefiles = gen_casefiles(db, key, pools.today, &ncontacts);
	t6 = now_ms();
	/* Last: what the window gives by hand fills up what the records gave. */
	gen_heavy_services(&pools, &written, &events);
	gen_hand_services(&pools, nservices, &written, &events);
	nevents = gen_services(db, &pools, &rules, &written, &events, &repeats);
	t7 = now_ms();
	/* Leave one file, as a terminal that has been closed cleanly would. */
	exec_sql(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);
	t8 = now_ms();
	sodium_memzero(key, sizeof key);
	free(written.seekers);
	free(written.employers);
	free(written.vacancies);
	free(events.v);
	pools_free(&pools);
	gen_verify(path, nseekers);
	free(gen_clerks);

	if (retries > 0)
		fprintf(stderr, "gen: %zu ID numbers drawn twice were drawn again\n", retries);
	printf("gen_seekers %zu rows\n", nseekers);
	printf("gen_name_grams %zu rows\n", grams);
	printf("gen_employers %zu rows\n", nemployers);
	printf("gen_vacancies %zu rows\n", nvacancies);
	printf("gen_referrals %zu rows\n", nreferrals);
	printf("gen_casefiles %zu rows\n", ncasefiles);
	printf("gen_case_contacts %zu rows\n", ncontacts);
	printf("gen_guidance %zu rows\n", nguidance);
	printf("gen_guidance_workshops %zu workshops\n", nworkshops);
	printf("gen_service_events %zu rows\n", nevents);
	printf("gen_service_repeats %zu events\n", repeats);
	printf("gen_seekers_per_s %.0f rows/s\n", t2 > t1 ? (double)nseekers * 1e3 / (t2 - t1) : 0.0);
	printf("gen_employers_per_s %.0f rows/s\n",
	    t3 > t2 ? (double)nemployers * 1e3 / (t3 - t2) : 0.0);
	printf("gen_referrals_per_s %.0f rows/s\n",
	    t5 > t4 ? (double)nreferrals * 1e3 / (t5 - t4) : 0.0);
	printf("gen_guidance_per_s %.0f rows/s\n",
	    t6 > t5 ? (double)nguidance * 1e3 / (t6 - t5) : 0.0);
	printf("gen_service_events_per_s %.0f rows/s\n",
	    t7 > t6 ? (double)nevents * 1e3 / (t7 - t6) : 0.0);
	printf("gen_services_time %.1f s\n", (t7 - t6) / 1e3);
	printf("gen_total %.1f s\n", (t8 - t0) / 1e3);
	return 0;
}
