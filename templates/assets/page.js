// Every page's small behaviours, loaded once and cached (deferred: the page reads without
// it): the text-size buttons (the size chosen before is applied in the page's head, before
// the first paint); the read-aloud buttons, and where the browser cannot read aloud a line
// in their place saying so (in WeChat, how to open the page where it can); the menu
// scrolled to the current section where it is one sideways row; and the words that hold
// only on some days (明天, 正在进行, 还剩3个工作日) said again by the visitor's clock
// (VisitorClock.swift), on load and whenever the page is shown again (a tab left open
// overnight, the back button).
(function(){var g=document.querySelector("[data-text-size]"),r=document.documentElement;if(!g)return;
function show(){var c=r.classList.contains("size-xl")?"xl":r.classList.contains("size-l")?"l":"m";g.querySelectorAll("button").forEach(function(b){b.setAttribute("aria-pressed",String(b.getAttribute("data-size")===c))})}
g.hidden=false;show();g.addEventListener("click",function(e){var b=e.target.closest("button");if(!b)return;var s=b.getAttribute("data-size");r.classList.remove("size-l","size-xl");if(s!=="m")r.classList.add("size-"+s);try{localStorage.setItem("anju-size",s)}catch(x){}show()});})();
(function(){var s=window.speechSynthesis,d=document;if(!d.querySelector("[data-read],[data-read-questions]"))return;var m,done=false;
function none(){if(done)return;var r=d.querySelector(".reader");if(!r||r.querySelector(".read-note"))return;var p=d.createElement("p");p.className="read-note";p.textContent=/MicroMessenger/i.test(navigator.userAgent)?"微信里不能朗读：点右上角“···”，选“在浏览器打开”，再点“朗读”。":"这个浏览器不能朗读。可以换用手机自带的浏览器，或在手机“设置”的“无障碍”里打开朗读。";r.append(p)}
if(!s||!window.SpeechSynthesisUtterance){none();return}
function zh(){try{return s.getVoices().some(function(v){return/^zh/i.test(v.lang||"")})}catch(e){return false}}
function go(b){(m||(m=import(b.getAttribute("data-module")))).then(function(x){x.toggle(b)})}
function on(){if(done||!zh())return;done=true;var n=d.querySelector(".read-note");if(n)n.remove();d.querySelectorAll("[data-read-questions]").forEach(function(p){p.querySelectorAll("h2[id]").forEach(function(h){var b=d.createElement("button");b.type="button";b.className="read-aloud";b.textContent="朗读";b.setAttribute("aria-pressed","false");b.setAttribute("data-read-question",h.id);b.setAttribute("data-module",p.getAttribute("data-module"));b.setAttribute("aria-label","朗读这个问题："+h.textContent);h.after(b)})});
d.querySelectorAll(".read-aloud").forEach(function(b){b.hidden=false;b.addEventListener("click",function(){go(b)})})}
on();if(!done){if(s.addEventListener)s.addEventListener("voiceschanged",on);setTimeout(none,2000)}})();
(function(){var c=document.querySelector(".menu [aria-current]"),u=c&&c.closest("ul");if(u&&u.scrollWidth>u.clientWidth)u.scrollLeft=c.offsetLeft-(u.clientWidth-c.offsetWidth)/2;})();
(function(){function say(){var t=Date.now(),n=new Date(t+288e5).toISOString().slice(0,10),d=document;
function show(e,s){e.textContent=s;e.hidden=!s}
d.querySelectorAll("[data-by-day]").forEach(function(e){var m={},l="";e.getAttribute("data-by-day").split(";").forEach(function(p){var i=p.indexOf("=");if(i>0){m[p.slice(0,i)]=p.slice(i+1);if(p.slice(0,i)!=="later"&&p.slice(0,i)>l)l=p.slice(0,i)}});show(e,m.hasOwnProperty(n)?m[n]:n>l&&m.later||"")});
d.querySelectorAll("[data-until]:not([data-phases])").forEach(function(e){e.hidden=t>=Date.parse(e.getAttribute("data-until"))});
d.querySelectorAll(".banner .when").forEach(function(w){var a=w.querySelectorAll(".window");if(a.length)w.hidden=!w.querySelector(".window:not([hidden])")});
d.querySelectorAll("[data-phases]").forEach(function(e){var p=e.getAttribute("data-phases").split("|");show(e,t<Date.parse(e.getAttribute("data-from"))?p[0]:t<Date.parse(e.getAttribute("data-until"))?p[1]:p[2])})}
say();window.addEventListener("pageshow",function(e){if(e.persisted)say()});document.addEventListener("visibilitychange",function(){if(!document.hidden)say()})})();
