use strict;
use warnings;
use Test::More tests => 2;

ok(-x './prog', 'program was built');
is(system('./prog') >> 8, 0, 'addition works');
