// os/exec under emulation: the program runs itself again through /proc/self/exe with arguments,
// environment, stdin, stdout and stderr pipes, a child whose output is bigger than a pipe holds
// (read while the parent waits), a pipeline of two children, a child that panics, one killed by a
// signal and a program that does not exist. Deterministic output, the same on every arch.
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

func self(args ...string) *exec.Cmd {
	return exec.Command("/proc/self/exe", args...)
}

func exitCode(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.String()
	}
	return fmt.Sprint(err)
}

func parent() {
	// Arguments, environment and stdin in; stdout and stderr captured; exit status 3.
	cmd := self("echo", "one", "two words", "")
	cmd.Stdin = strings.NewReader("input for the child\n")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Env = []string{"GOEXEC_VAR=yes", "GOTRACEBACK=none"}
	err := cmd.Run()
	fmt.Printf("echo: %s\n%sstderr %q\n", exitCode(err), out.String(), errOut.String())

	// 1 MiB of output, more than a pipe buffers: the parent reads it while it waits for the child.
	big, err := self("big").Output()
	fmt.Printf("big: %d bytes sha256 %x err %v\n", len(big), sha256.Sum256(big), err)

	// A pipeline: gen's stdout is count's stdin.
	gen, count := self("gen"), self("count")
	pipe, _ := gen.StdoutPipe()
	count.Stdin = pipe
	var counted bytes.Buffer
	count.Stdout = &counted
	errStart := gen.Start()
	errCount := count.Run()
	errGen := gen.Wait()
	fmt.Printf("pipeline: %s (start %v, gen %v, count %v)\n", strings.TrimSpace(counted.String()), errStart, errGen, errCount)

	// A child that panics: exit status 2 and the panic message on stderr.
	var panicErr bytes.Buffer
	p := self("panic")
	p.Env = []string{"GOTRACEBACK=none"}
	p.Stderr = &panicErr
	err = p.Run()
	fmt.Printf("panic: %s stderr %q\n", exitCode(err), panicErr.String())

	// A child killed by a signal, and one that cannot start.
	err = self("kill").Run()
	fmt.Println("kill:", exitCode(err))
	_, err = exec.Command("/nonexistent/program").Output()
	fmt.Println("missing:", err)
	_, err = exec.LookPath("surely-not-a-program-anywhere")
	fmt.Println("lookpath:", err)
}

func main() {
	if len(os.Args) < 2 {
		parent()
		return
	}
	switch os.Args[1] {
	case "echo":
		in, _ := io.ReadAll(os.Stdin)
		fmt.Printf("  child args %q GOEXEC_VAR=%s\n", os.Args[2:], os.Getenv("GOEXEC_VAR"))
		fmt.Printf("  child stdin %q\n", in)
		fmt.Fprintln(os.Stderr, "child writes stderr")
		os.Exit(3)
	case "big":
		line := []byte(strings.Repeat("0123456789abcdef", 4) + "\n")
		w := bufio.NewWriterSize(os.Stdout, 32768)
		defer w.Flush()
		for i := 0; i < (1<<20)/len(line); i++ {
			w.Write(line)
		}
	case "gen":
		for i := 1; i <= 1000; i++ {
			fmt.Println(i)
		}
	case "count":
		data, _ := io.ReadAll(os.Stdin)
		sum := 0
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		for _, l := range lines {
			var n int
			fmt.Sscan(l, &n)
			sum += n
		}
		fmt.Printf("%d lines, sum %d\n", len(lines), sum)
	case "panic":
		panic(fmt.Sprintf("child panics with %d", 42))
	case "kill":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
}
