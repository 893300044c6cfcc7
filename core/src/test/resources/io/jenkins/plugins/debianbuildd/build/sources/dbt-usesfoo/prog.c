#include <stdio.h>
#include <dbt/foo.h>

int main(void)
{
	printf("%d\n", dbt_foo_answer());
	return 0;
}
