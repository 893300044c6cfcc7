#ifndef DBT_FOO_H
#define DBT_FOO_H
int dbt_foo_answer(void);
#endif
