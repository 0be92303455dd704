package legacy

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"
)

// maxFile is the schema's limit on a stored file (20 MiB).
const maxFile = 20 << 20

// mediaFile is an uploaded file read from the tracker's MEDIA_ROOT.
type mediaFile struct {
	content     []byte
	contentType string
	name        string
	sha256      [32]byte
}

// readMedia reads a FileField's file (a path relative to MEDIA_ROOT, as
// Django stores it) from --media. It returns a problem, never an error: a
// missing file is reported, not fatal. Files are opened through os.Root,
// so a path in the legacy database cannot reach outside the media
// directory (no "..", no absolute path, no symlink out). The content type
// is sniffed from the bytes, not trusted from the name.
func (r *run) readMedia(rel string) (mediaFile, string) {
	rel = strings.TrimSpace(rel)
	switch {
	case rel == "":
		return mediaFile{}, "no file recorded"
	case r.media == nil:
		return mediaFile{}, "no --media directory given"
	}
	f, err := r.media.Open(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return mediaFile{}, "file missing from the media directory"
	}
	if err != nil {
		return mediaFile{}, fmt.Sprintf("file cannot be read (%v)", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return mediaFile{}, "not a regular file"
	}
	if fi.Size() > maxFile {
		return mediaFile{}, fmt.Sprintf("file of %d bytes is larger than Santkrupa's 20 MiB limit", fi.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return mediaFile{}, fmt.Sprintf("file cannot be read (%v)", err)
	}
	if len(b) > maxFile {
		return mediaFile{}, "file is larger than Santkrupa's 20 MiB limit"
	}
	name := path.Base(strings.ReplaceAll(rel, `\`, "/"))
	if utf8.RuneCountInString(name) > 255 {
		name = string([]rune(name)[:255])
	}
	return mediaFile{content: b, contentType: http.DetectContentType(b), name: name, sha256: sha256.Sum256(b)}, ""
}
