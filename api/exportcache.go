package api

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// exportFiles keeps finished exports on disk, each under the representation it is (its ETag
// without content coding), so that the same export at the same data version is copied from its
// file instead of read from the database and encoded again: bulk downloads are what a portal
// repeats. An export is kept only once it was written in full. Files of older data versions
// are deleted when one of a newer version is kept, and at most maxExportFiles are kept: the
// oldest go first. The directory belongs to one process (the server makes a temporary one):
// the data version alone does not tell two databases apart.
type exportFiles struct {
	dir string
	mu  sync.Mutex // held while files are kept or deleted
}

// maxExportFiles bounds the exports kept at one time.
const maxExportFiles = 16

// name returns the file name of the export at data version v tagged tag.
func (x *exportFiles) name(v int64, tag string) string {
	sum := sha256.Sum256([]byte(tag))
	return filepath.Join(x.dir, strconv.FormatInt(v, 10)+"-"+hex.EncodeToString(sum[:16])+".export")
}

// open returns the kept export at version v tagged tag, if there is one.
func (x *exportFiles) open(v int64, tag string) (*os.File, bool) {
	if x == nil {
		return nil, false
	}
	f, err := os.Open(x.name(v, tag))
	return f, err == nil
}

// pendingExport is an export being written: keep makes it a kept export, drop discards it. A
// write that fails (a full disk) does not fail the export: the file is then not kept.
type pendingExport struct {
	*os.File
	x      *exportFiles
	name   string
	failed bool
}

// Write writes p to the file, unless a write failed before.
func (p *pendingExport) Write(b []byte) (int, error) {
	if !p.failed {
		if _, err := p.File.Write(b); err != nil {
			p.failed = true
		}
	}
	return len(b), nil
}

// create starts writing the export at version v tagged tag; nil when exports are not kept or
// the file cannot be made (the export is then only streamed).
func (x *exportFiles) create(v int64, tag string) *pendingExport {
	if x == nil {
		return nil
	}
	f, err := os.CreateTemp(x.dir, "pending-*")
	if err != nil {
		return nil
	}
	return &pendingExport{File: f, x: x, name: x.name(v, tag)}
}

// keep closes the file and keeps it as the export, then deletes files of older versions and
// the oldest beyond maxExportFiles.
func (p *pendingExport) keep() {
	if err := p.Close(); err != nil || p.failed {
		p.drop()
		return
	}
	p.x.mu.Lock()
	defer p.x.mu.Unlock()
	if err := os.Rename(p.File.Name(), p.name); err != nil {
		_ = os.Remove(p.File.Name())
		return
	}
	p.x.prune(filepath.Base(p.name))
}

// drop closes and deletes the file.
func (p *pendingExport) drop() {
	_ = p.Close()
	_ = os.Remove(p.File.Name())
}

// prune deletes kept exports of versions other than that of newest (a file name), and the
// oldest beyond maxExportFiles. x.mu is held.
func (x *exportFiles) prune(newest string) {
	version, _, _ := strings.Cut(newest, "-")
	entries, err := os.ReadDir(x.dir)
	if err != nil {
		return
	}
	var kept []os.DirEntry
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".export") {
			continue
		}
		if v, _, _ := strings.Cut(name, "-"); v != version {
			_ = os.Remove(filepath.Join(x.dir, name))
			continue
		}
		kept = append(kept, e)
	}
	if len(kept) <= maxExportFiles {
		return
	}
	slices.SortFunc(kept, func(a, b os.DirEntry) int { return modTime(a).Compare(modTime(b)) })
	for _, e := range kept[:len(kept)-maxExportFiles] {
		_ = os.Remove(filepath.Join(x.dir, e.Name()))
	}
}

// modTime is when the file of e was last written; zero when it is gone.
func modTime(e os.DirEntry) time.Time {
	if info, err := e.Info(); err == nil {
		return info.ModTime()
	}
	return time.Time{}
}

// copyExport writes the kept export f to w and closes f.
func copyExport(w io.Writer, f *os.File) error {
	defer f.Close()
	_, err := io.Copy(w, f)
	return err
}
