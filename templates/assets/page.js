// The text-size buttons and the read-aloud buttons of every page, the menu scrolled to
// the current section where it is one sideways row, and the words that hold only on some
// days (明天, 正在进行, 还剩3个工作日) said again by the visitor's clock (VisitorClock.swift),
// on load and whenever the page is shown again (a tab left open overnight, the back button);
// loaded once and cached (deferred: the page reads without it). The size chosen before is applied in the page's
// head, before the first paint.
(function(){var g=document.querySelector("[data-text-size]"),r=document.documentElement;if(!g)return;
function show(){var c=r.classList.contains("size-xl")?"xl":r.classList.contains("size-l")?"l":"m";g.querySelectorAll("button").forEach(function(b){b.setAttribute("aria-pressed",String(b.getAttribute("data-size")===c))})}
g.hidden=false;show();g.addEventListener("click",function(e){var b=e.target.closest("button");if(!b)return;var s=b.getAttribute("data-size");r.classList.remove("size-l","size-xl");if(s!=="m")r.classList.add("size-"+s);try{localStorage.setItem("anju-size",s)}catch(x){}show()});})();
(function(){var s=window.speechSynthesis,d=document;if(!s||!window.SpeechSynthesisUtterance||!d.querySelector("[data-read],[data-read-questions]"))return;var m,done=false;
function zh(){try{return s.getVoices().some(function(v){return/^zh/i.test(v.lang||"")})}catch(e){return false}}
function go(b){(m||(m=import(b.getAttribute("data-module")))).then(function(x){x.toggle(b)})}
function on(){if(done||!zh())return;done=true;d.querySelectorAll("[data-read-questions]").forEach(function(p){p.querySelectorAll("h2[id]").forEach(function(h){var b=d.createElement("button");b.type="button";b.className="read-aloud";b.textContent="朗读";b.setAttribute("aria-pressed","false");b.setAttribute("data-read-question",h.id);b.setAttribute("data-module",p.getAttribute("data-module"));b.setAttribute("aria-label","朗读这个问题："+h.textContent);h.after(b)})});
d.querySelectorAll(".read-aloud").forEach(function(b){b.hidden=false;b.addEventListener("click",function(){go(b)})})}
on();if(!done&&s.addEventListener)s.addEventListener("voiceschanged",on)})();
(function(){var c=document.querySelector(".menu [aria-current]"),u=c&&c.closest("ul");if(u&&u.scrollWidth>u.clientWidth)u.scrollLeft=c.offsetLeft-(u.clientWidth-c.offsetWidth)/2;})();
(function(){function say(){var t=Date.now(),n=new Date(t+288e5).toISOString().slice(0,10),d=document;
function show(e,s){e.textContent=s;e.hidden=!s}
d.querySelectorAll("[data-by-day]").forEach(function(e){var m={},l="";e.getAttribute("data-by-day").split(";").forEach(function(p){var i=p.indexOf("=");if(i>0){m[p.slice(0,i)]=p.slice(i+1);if(p.slice(0,i)!=="later"&&p.slice(0,i)>l)l=p.slice(0,i)}});show(e,m.hasOwnProperty(n)?m[n]:n>l&&m.later||"")});
d.querySelectorAll("[data-until]:not([data-phases])").forEach(function(e){e.hidden=t>=Date.parse(e.getAttribute("data-until"))});
d.querySelectorAll(".banner .when").forEach(function(w){var a=w.querySelectorAll(".window");if(a.length)w.hidden=!w.querySelector(".window:not([hidden])")});
d.querySelectorAll("[data-phases]").forEach(function(e){var p=e.getAttribute("data-phases").split("|");show(e,t<Date.parse(e.getAttribute("data-from"))?p[0]:t<Date.parse(e.getAttribute("data-until"))?p[1]:p[2])})}
say();window.addEventListener("pageshow",function(e){if(e.persisted)say()});document.addEventListener("visibilitychange",function(){if(!document.hidden)say()})})();
