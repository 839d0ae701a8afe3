#ifndef KITH_SYSTEM_H
#define KITH_SYSTEM_H

#include <stdint.h>

/// timerfd(2), which Swift's Glibc module does not export: a non-blocking, close-on-exec timer on
/// CLOCK_REALTIME. Returns the descriptor, or -1 with errno set.
int kith_realtime_timer_create(void);

/// Arms the timer for the absolute wall-clock moment `seconds`.`nanoseconds` (CLOCK_REALTIME), cancelled when
/// the clock is set (TFD_TIMER_CANCEL_ON_SET): a read then fails with ECANCELED. 0, or -1 with errno set.
int kith_realtime_timer_arm(int descriptor, int64_t seconds, int64_t nanoseconds);

#endif
