// Go's runtime under emulation: goroutines with channels and mutexes, timers, GC pressure, a
// recovered nil dereference (SIGSEGV -> runtime panic -> recover) and, with the argument "panic",
// an unrecovered panic (exit status 2). The output is deterministic: no addresses, times or
// host-specific counts. (os/exec is exec.go's.)
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

func channels() {
	// A pipeline: generator -> 8 squaring workers -> collector.
	jobs := make(chan int)
	results := make(chan int, 16)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				results <- n * n
			}
		}()
	}
	go func() {
		for i := 1; i <= 1000; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("channels: sum of squares 1..1000 =", sum)

	// Unbuffered ping-pong between two goroutines.
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	v := 0
	for i := 0; i < 10000; i++ {
		ping <- v
		v = <-pong
	}
	close(ping)
	_, open := <-pong
	fmt.Println("channels: ping-pong", v, "closed", !open)

	// select over several channels with a default case.
	a, b, quit := make(chan string), make(chan string), make(chan struct{})
	go func() {
		for i := 0; i < 3; i++ {
			a <- fmt.Sprint("a", i)
		}
	}()
	go func() {
		for i := 0; i < 3; i++ {
			b <- fmt.Sprint("b", i)
		}
		close(quit)
	}()
	var got []string
	for done := false; !done || len(got) < 6; {
		select {
		case s := <-a:
			got = append(got, s)
		case s := <-b:
			got = append(got, s)
		case <-quit:
			done, quit = true, nil
		}
	}
	sort.Strings(got)
	fmt.Println("channels: select got", strings.Join(got, " "))
}

func mutexes() {
	var mu sync.Mutex
	var rw sync.RWMutex
	counter := 0
	shared := map[int]int{}
	var wg sync.WaitGroup
	for g := 0; g < 100; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
				if i%100 == 0 {
					rw.Lock()
					shared[g]++
					rw.Unlock()
				} else {
					rw.RLock()
					_ = shared[g]
					rw.RUnlock()
				}
				if i%250 == 0 {
					runtime.Gosched()
				}
			}
		}(g)
	}
	wg.Wait()
	total := 0
	for _, n := range shared {
		total += n
	}
	var hits int64
	var once sync.Once
	cond := sync.NewCond(&mu)
	ready := 0
	for g := 0; g < 20; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() { atomic.AddInt64(&hits, 1) })
			atomic.AddInt64(&hits, 10)
			mu.Lock()
			ready++
			cond.Broadcast()
			mu.Unlock()
		}()
	}
	mu.Lock()
	for ready < 20 {
		cond.Wait()
	}
	mu.Unlock()
	wg.Wait()
	fmt.Println("mutexes: counter", counter, "rw writes", total, "atomic", atomic.LoadInt64(&hits))
}

func timers() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	slept := time.Since(start) >= 20*time.Millisecond

	start = time.Now()
	long := time.NewTimer(time.Hour)
	select {
	case <-time.After(30 * time.Millisecond):
	case <-long.C:
		fmt.Println("timers: the long timer fired first")
	}
	after := time.Since(start) >= 30*time.Millisecond
	stoppedLong := long.Stop()

	start = time.Now()
	ticker := time.NewTicker(10 * time.Millisecond)
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	ticker.Stop()
	tickOK := time.Since(start) >= 50*time.Millisecond

	// Goroutines sleeping on timers at once: each wakes no earlier than it asked. (The order they
	// run in afterwards is the scheduler's business: timers that expire together are run as a batch.)
	type woke struct {
		ms int
		ok bool
	}
	wakes := make(chan woke, 5)
	for _, ms := range []int{50, 10, 40, 20, 30} {
		go func(ms int) {
			t0 := time.Now()
			time.Sleep(time.Duration(ms) * time.Millisecond)
			wakes <- woke{ms, time.Since(t0) >= time.Duration(ms)*time.Millisecond}
		}(ms)
	}
	sleepers := map[int]bool{}
	for i := 0; i < 5; i++ {
		w := <-wakes
		sleepers[w.ms] = w.ok
	}

	// A timer reset before it fires, and AfterFunc running its function on its own goroutine.
	fired := make(chan string, 1)
	t := time.AfterFunc(time.Hour, func() { fired <- "reset timer ran" })
	t.Reset(5 * time.Millisecond)
	msg := <-fired
	stopped := time.AfterFunc(time.Hour, func() {}).Stop()
	fmt.Println("timers: sleep", slept, "after", after, stoppedLong, "ticks", ticks, tickOK, "sleepers", sleepers, "|", msg, "| stop", stopped)
}

// epoll and eventfd through the syscall package, as Go's netpoller uses them and beyond: errors,
// level, one-shot and edge triggering, the data word, timeouts, and a wait another goroutine ends.
func epollDirect() {
	var out []string
	note := func(what string, v interface{}) { out = append(out, fmt.Sprintf("%s=%v", what, v)) }
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC|syscall.O_NONBLOCK); err != nil {
		fmt.Println("epoll: pipe2:", err)
		return
	}
	ep, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		fmt.Println("epoll: epoll_create1:", err)
		return
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLONESHOT, Fd: int32(p[0]), Pad: 0x5a17c0de}
	note("add", syscall.EpollCtl(ep, syscall.EPOLL_CTL_ADD, p[0], &ev))
	note("again", syscall.EpollCtl(ep, syscall.EPOLL_CTL_ADD, p[0], &ev))
	note("mod-unknown", syscall.EpollCtl(ep, syscall.EPOLL_CTL_MOD, p[1], &ev))
	note("bad-fd", syscall.EpollCtl(ep, syscall.EPOLL_CTL_ADD, 1000, &ev))
	note("itself", syscall.EpollCtl(ep, syscall.EPOLL_CTL_ADD, ep, &ev))
	_, err = syscall.EpollCreate1(12345)
	note("bad-flags", err)
	events := make([]syscall.EpollEvent, 4)
	n, err := syscall.EpollWait(ep, events, 0)
	note("empty", fmt.Sprint(n, err))
	_, err = syscall.EpollWait(ep, events[:0], 0)
	note("no-room", err)
	t0 := time.Now()
	n, err = syscall.EpollWait(ep, events, 30)
	note("timeout", fmt.Sprint(n, err, time.Since(t0) >= 30*time.Millisecond))
	syscall.Write(p[1], []byte("x"))
	n, err = syscall.EpollWait(ep, events, -1)
	note("ready", fmt.Sprint(n, err, events[0].Events == syscall.EPOLLIN, events[0].Fd == int32(p[0]), events[0].Pad == 0x5a17c0de))
	n, _ = syscall.EpollWait(ep, events, 0)
	note("oneshot-disarmed", n)
	ev.Events = syscall.EPOLLIN | 1<<31 // EPOLLET (a negative constant on some arches)
	note("rearm", syscall.EpollCtl(ep, syscall.EPOLL_CTL_MOD, p[0], &ev))
	n1, _ := syscall.EpollWait(ep, events, 0)
	n2, _ := syscall.EpollWait(ep, events, 0)
	note("edge", fmt.Sprint(n1, n2))
	// A goroutine writes while this one waits in epoll_wait.
	go func() {
		time.Sleep(20 * time.Millisecond)
		syscall.Write(p[1], []byte("y"))
	}()
	n, err = syscall.EpollWait(ep, events, 10000)
	note("woken", fmt.Sprint(n, err))
	note("del", syscall.EpollCtl(ep, syscall.EPOLL_CTL_DEL, p[0], nil))
	note("del-again", syscall.EpollCtl(ep, syscall.EPOLL_CTL_DEL, p[0], nil))

	// eventfd: a counter, readable while non-zero.
	efd, _, errno := syscall.Syscall(syscall.SYS_EVENTFD2, 3, syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if errno != 0 {
		note("eventfd", errno)
	} else {
		fd := int(efd)
		var buf [8]byte
		*(*uint64)(unsafe.Pointer(&buf[0])) = 5
		syscall.Write(fd, buf[:])
		note("eventfd-add", syscall.EpollCtl(ep, syscall.EPOLL_CTL_ADD, fd, &syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: int32(fd)}))
		n, _ = syscall.EpollWait(ep, events, 0)
		rn, _ := syscall.Read(fd, buf[:])
		_, err = syscall.Read(fd, buf[:])
		note("eventfd", fmt.Sprint(n, rn, *(*uint64)(unsafe.Pointer(&buf[0])), err))
		syscall.Close(fd)
	}
	syscall.Close(p[0])
	syscall.Close(p[1])
	syscall.Close(ep)
	fmt.Println("epoll:", strings.Join(out, " "))
}

type node struct {
	next *node
	data []byte
}

func gcPressure() {
	// About 400 MB allocated in total, a few MB live at any time.
	var keep *node
	var live int
	total := 0
	for i := 0; i < 4000; i++ {
		n := &node{data: make([]byte, 100*1024)}
		n.data[i%len(n.data)] = byte(i)
		total += len(n.data)
		if i%100 == 0 {
			n.next = keep
			keep = n
			live++
		}
	}
	count := 0
	for n := keep; n != nil; n = n.next {
		count++
	}
	maps := make([]map[int]string, 0)
	for i := 0; i < 200; i++ {
		m := make(map[int]string)
		for j := 0; j < 100; j++ {
			m[j] = strings.Repeat("x", j)
		}
		maps = append(maps, m)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("gc: allocated MB", total>>20, "live nodes", count, live, "maps", len(maps), "collections > 1", ms.NumGC > 1)
}

type point struct{ x, y int }

func nilDeref() (msg string) {
	defer func() {
		r := recover()
		if err, ok := r.(runtime.Error); ok {
			msg = "recovered runtime.Error: " + err.Error()
		} else {
			msg = fmt.Sprint("recovered something else: ", r)
		}
	}()
	var p *point
	return fmt.Sprint(p.y)
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return a / b, nil
}

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "panic":
			fmt.Println("about to panic")
			var m map[string]int
			defer fmt.Println("deferred call runs")
			m["x"] = 1
			return
		}
	}
	fmt.Println("start: goroutines", runtime.NumGoroutine(), "GOMAXPROCS >= 1", runtime.GOMAXPROCS(0) >= 1, "NumCPU matches", runtime.NumCPU() == runtime.GOMAXPROCS(0))
	channels()
	mutexes()
	timers()
	epollDirect()
	gcPressure()
	fmt.Println("nil:", nilDeref())
	q, err := divide(7, 0)
	fmt.Println("divide:", q, err)
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	fmt.Println("end: goroutines", runtime.NumGoroutine())
}
