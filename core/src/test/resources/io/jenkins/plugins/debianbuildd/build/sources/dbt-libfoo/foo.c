#include "foo.h"

int dbt_foo_answer(void)
{
	return 42;
}
