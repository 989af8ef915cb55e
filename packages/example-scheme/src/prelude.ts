/**
 * The prelude: library procedures written in Scheme itself, evaluated when
 * an interpreter starts (so they live in the heap like any program's).
 * See docs/design/example-scheme.md `.impl.prelude`.
 * .critical: none.
 */

/**
 * The Scheme text of the prelude.
 * @public
 */
export const PRELUDE = `
(define (map f l . ls)
  (if (null? ls)
      (let loop ((l l) (acc '()))
        (if (pair? l) (loop (cdr l) (cons (f (car l)) acc)) (reverse acc)))
      (let loop ((ls (cons l ls)) (acc '()))
        (if (memq #t (map1 null? ls))
            (reverse acc)
            (loop (map1 cdr ls) (cons (apply f (map1 car ls)) acc))))))
(define (map1 f l)
  (let loop ((l l) (acc '()))
    (if (pair? l) (loop (cdr l) (cons (f (car l)) acc)) (reverse acc))))
(define (for-each f l . ls)
  (if (null? ls)
      (let loop ((l l))
        (if (pair? l) (begin (f (car l)) (loop (cdr l)))))
      (let loop ((ls (cons l ls)))
        (if (not (memq #t (map1 null? ls)))
            (begin (apply f (map1 car ls)) (loop (map1 cdr ls)))))))
(define (vector-map f v) (list->vector (map f (vector->list v))))
(define (vector-for-each f v) (for-each f (vector->list v)))
(define (filter keep? l)
  (let loop ((l l) (acc '()))
    (cond ((null? l) (reverse acc))
          ((keep? (car l)) (loop (cdr l) (cons (car l) acc)))
          (else (loop (cdr l) acc)))))
(define (fold-left f acc l)
  (if (null? l) acc (fold-left f (f acc (car l)) (cdr l))))
(define (fold-right f acc l)
  (if (null? l) acc (f (car l) (fold-right f acc (cdr l)))))
(define (reduce f init l)
  (if (null? l) init (fold-left f (car l) (cdr l))))
(define (list-copy l) (map1 (lambda (x) x) l))
(define (last-pair l) (if (pair? (cdr l)) (last-pair (cdr l)) l))
(define (iota n . start)
  (let loop ((i (- n 1)) (acc '()))
    (if (< i 0) acc (loop (- i 1) (cons (+ i (if (null? start) 0 (car start))) acc)))))
(define (hashtable-update! table key f default)
  (hashtable-set! table key (f (hashtable-ref table key default))))
(define (call-with-output-string f)
  (let ((port (open-output-string)))
    (f port)
    (get-output-string port)))
`;
