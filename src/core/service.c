/* Services given: their types, the free/basis rule table, the once-key of an event. */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/service.h"

/* The types the program records; a bit of the rule table each, in this order. */
static const struct service_type service_types[] = {
	{ .code = "registration", .subject = SERVICE_SEEKER },
	{ .code = "renewal", .subject = SERVICE_SEEKER },
	{ .code = "job_query", .subject = SERVICE_SEEKER, .by_hand = 1 },
	{ .code = "referral", .subject = SERVICE_SEEKER },
	{ .code = "guidance", .subject = SERVICE_SEEKER },
	{ .code = "policy", .subject = SERVICE_SEEKER, .by_hand = 1 },
	/* A contact with a hardship person under their case file (一人一档): a case_contact's. */
	{ .code = "follow_up", .subject = SERVICE_SEEKER },
	{ .code = "employer_registration", .subject = SERVICE_EMPLOYER },
	{ .code = "vacancy_registration", .subject = SERVICE_EMPLOYER },
	{ .code = "candidates", .subject = SERVICE_EMPLOYER },
	{ .code = "recruitment_talk", .subject = SERVICE_EMPLOYER, .by_hand = 1 },
};
#define SERVICE_NTYPES	(sizeof service_types / sizeof service_types[0])
#define SERVICE_ALL	((1u << SERVICE_NTYPES) - 1)

/* The shipped order of bases: hardship first, as subsidies rank it, then the categories. */
static const char *const service_basis_default[] = {
	"hardship", "hard_to_recruit", "laid_off", "unemployed", "rural", "migrant",
	"graduate", "disabled", "veteran", "released",
};

/* The index of a type in service_types, or -1. */
static int
service_type_index(const char *code)
{
	size_t i;

	for (i = 0; i < SERVICE_NTYPES; i++)
		if (strcmp(service_types[i].code, code) == 0)
			return (int)i;
	return -1;
}

int
service_type_rank(const char *code)
{
	return service_type_index(code);
}

const struct service_type *
service_type_find(const char *code)
{
	int i = service_type_index(code);

	return i >= 0 ? &service_types[i] : NULL;
}

void
service_rules_default(struct service_rules *r)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->free_all = SERVICE_ALL;
	r->free_basis = SERVICE_ALL;
	for (i = 0; i < sizeof service_basis_default / sizeof service_basis_default[0]; i++)
		snprintf(r->basis[r->nbasis++], SERVICE_WORD_LEN, "%s", service_basis_default[i]);
}

/*
 * The next word of a list separated by spaces or commas into word; the
 * rest of the list, or NULL at its end. A word too long is cut, and then
 * refused by what it is checked against.
 */
static const char *
service_next_word(const char *s, char *word, size_t len)
{
	size_t n;

	s += strspn(s, " \t,");
	if (*s == '\0')
		return NULL;
	n = strcspn(s, " \t,");
	snprintf(word, len, "%.*s", (int)n, s);
	return s + n;
}

/* Whether a basis word has the shape of a code: lower-case letters, digits, "_". */
static int
service_word_ok(const char *w)
{
	if (*w == '\0' || strlen(w) >= SERVICE_WORD_LEN - 1)
		return 0;
	for (; *w != '\0'; w++)
		if (!((*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9') || *w == '_'))
			return 0;
	return 1;
}

/* A set of types from "all", "none" or codes: 0 or -1 with err. */
static int
service_rules_types(const char *value, unsigned *out, char *err, size_t errlen)
{
	char word[64];
	unsigned set = 0;
	int i, words = 0;
	const char *p = value;

	while ((p = service_next_word(p, word, sizeof word)) != NULL) {
		words++;
		if (strcmp(word, "all") == 0)
			set = SERVICE_ALL;
		else if (strcmp(word, "none") == 0)
			;
		else if ((i = service_type_index(word)) >= 0)
			set |= 1u << i;
		else {
			snprintf(err, errlen, _("\"%s\" is not a service type (all, none, or codes "
			    "such as registration, job_query, referral)"), word);
			return -1;
		}
	}
	if (words == 0) {
		snprintf(err, errlen, _("no service type given (all, none, or codes)"));
		return -1;
	}
	*out = set;
	return 0;
}

int
service_rules_set(struct service_rules *r, const char *key, const char *value, char *err,
    size_t errlen)
{
	struct service_rules n = *r;
	char word[64];
	const char *p = value;
	size_t i;

	if (strcmp(key, "free") == 0)
		return service_rules_types(value, &r->free_all, err, errlen);
	if (strcmp(key, "free_with_basis") == 0)
		return service_rules_types(value, &r->free_basis, err, errlen);
	if (strcmp(key, "basis") != 0) {
		snprintf(err, errlen, _("\"%s\" is not a key of the service rules"), key);
		return -1;
	}
	n.nbasis = 0;
	while ((p = service_next_word(p, word, sizeof word)) != NULL) {
		if (!service_word_ok(word)) {
			snprintf(err, errlen, _("\"%s\" is not a basis (hardship, hard_to_recruit "
			    "or a person category code)"), word);
			return -1;
		}
		for (i = 0; i < n.nbasis; i++)
			if (strcmp(n.basis[i], word) == 0) {
				snprintf(err, errlen, _("\"%s\" is named twice"), word);
				return -1;
			}
		if (n.nbasis == SERVICE_BASIS_MAX) {
			snprintf(err, errlen, _("more than %d bases"), SERVICE_BASIS_MAX);
			return -1;
		}
		/* service_word_ok kept it shorter than SERVICE_WORD_LEN. */
		memcpy(n.basis[n.nbasis++], word, strlen(word) + 1);
	}
	*r = n;
	return 0;
}

/* Whether code is one of the codes of list ("a,b"). */
static int
service_has_code(const char *list, const char *code)
{
	size_t n = strlen(code);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, code, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

void
service_decide(const struct service_rules *r, const char *type,
    const struct service_snapshot *snap, int *free_service, char *basis, size_t basislen)
{
	int i = service_type_index(type);
	size_t j;

	*basis = '\0';
	for (j = 0; j < r->nbasis; j++) {
		const char *w = r->basis[j];
		int has;

		if (strcmp(w, "hardship") == 0)
			has = snap->hardship != NULL && *snap->hardship != '\0';
		else if (strcmp(w, "hard_to_recruit") == 0)
			has = snap->hard_to_recruit;
		else
			has = snap->category != NULL && service_has_code(snap->category, w);
		if (has) {
			snprintf(basis, basislen, "%s", w);
			break;
		}
	}
	if (i < 0) {
		/* A type the program does not give is nobody's free service. */
		*free_service = 0;
		return;
	}
	*free_service = (r->free_all >> i & 1u) || ((r->free_basis >> i & 1u) && *basis != '\0');
}

void
service_once_key(const char *type, const char *subject_id, const char *once, char *out,
    size_t outlen)
{
	snprintf(out, outlen, "%s:%s:%s", type, subject_id, once);
}
