#include <stdio.h>

int main(void)
{
	puts("hello from debian-buildd");
	return 0;
}
