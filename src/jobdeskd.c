/* jobdeskd: the district server (placeholder until the server room lands). */
#include <stdio.h>

int
main(void)
{
	fputs("jobdeskd: not built yet\n", stderr);
	return 1;
}
